module github.com/acme/api-gateway

go 1.22

require (
	github.com/envoyproxy/go-control-plane v0.12.0
	golang.org/x/net v0.23.0
	google.golang.org/grpc v1.62.1
)

require (
	github.com/golang/protobuf v1.5.4 // indirect
	golang.org/x/text v0.14.0 // indirect
)
