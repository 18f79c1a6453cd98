cairnSearch.m({"v":2,"n":15,"d":16,"f":1,"k":["service","team","runbook","api","operation"],"s":[0,32,64,96,128,160],"t":"","tv":"HxYS","g":64,"dv":"GHhs"})
