//go:build leakvet_floor && !leakvet_floor_facts

package analyzer

const withFacts = false
