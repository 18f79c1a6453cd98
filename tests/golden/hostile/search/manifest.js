cairnSearch.m({"v":2,"n":15,"d":16,"f":1,"k":["service","team","runbook","api","operation"],"s":[0,10,11,13,14],"t":"","tv":"8ito","g":64,"dv":"cJ2m"})
