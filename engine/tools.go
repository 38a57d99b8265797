//go:build tools

// Package engine pins the Pulumi CLI's main package so that `go mod tidy` keeps what it needs in go.sum.
package engine

import (
	_ "github.com/pulumi/pulumi/pkg/v3/cmd/pulumi"
)
