cairnDepsData.shard("d",[["pypi","django","dependencies/pypi/django/",[["4.2.11",1,[[5,1]]]]]]);
