cairnDepsData.shard("c",[["pypi","celery","dependencies/pypi/celery/",[["5.3.6",1,[[5,1]]]]]]);
