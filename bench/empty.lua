--[[ zhunt
name: bench_empty
description: does nothing: `zhunt run bench/empty.lua -l DIR` times loading alone
author: zhunt bench
logs: any
]]
