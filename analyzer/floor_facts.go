//go:build leakvet_floor_facts

package analyzer

const withFacts = true
