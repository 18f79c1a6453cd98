cairnDepsData.shard("e",[["npm","express","dependencies/npm/express/",[["4.19.2",1,[[7,1]]]]]]);
