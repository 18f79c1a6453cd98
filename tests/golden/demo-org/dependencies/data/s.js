cairnDepsData.shard("s",[["cargo","serde","dependencies/cargo/serde/",[["1.0.197",1,[[3,1]]]]],["cargo","serde_yaml","dependencies/cargo/serde_yaml/",[["0.9.34",1,[[3,1]]]]]]);
