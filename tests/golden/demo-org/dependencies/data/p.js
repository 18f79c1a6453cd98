cairnDepsData.shard("p",[["maven","org.postgresql:postgresql","dependencies/maven/org.postgresql-postgresql/",[["42.7.3",1,[[4,1]]]]]]);
