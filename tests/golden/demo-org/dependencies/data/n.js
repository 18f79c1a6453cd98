cairnDepsData.shard("n",[["maven","com.nimbusds:nimbus-jose-jwt","dependencies/maven/com.nimbusds-nimbus-jose-jwt/",[["9.37.3",1,[[1,1]]]]]]);
