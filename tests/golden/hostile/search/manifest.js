cairnSearch.m({"v":1,"h":"d0c6f08a5e9d9fdf","n":15,"d":16,"f":1,"k":["service","team","runbook","api","operation"],"s":[0,10,11,13,14],"t":""})
