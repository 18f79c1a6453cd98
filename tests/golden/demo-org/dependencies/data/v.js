cairnDepsData.shard("v",[["npm","vite","dependencies/npm/vite/",[["5.2.8",1,[[2,1]]]]]]);
