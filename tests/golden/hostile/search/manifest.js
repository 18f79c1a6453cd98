cairnSearch.m({"v":1,"h":"f62d244eebae59ba","n":15,"d":16,"f":1,"k":["service","team","runbook","api","operation"],"s":[0,10,11,13,14],"t":""})
