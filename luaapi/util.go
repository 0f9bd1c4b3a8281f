package luaapi

import (
	"context"
	"math"
)

func contextBackground() context.Context { return context.Background() }

func roundMicros(sec float64) float64 { return math.Round(sec * 1e6) }
