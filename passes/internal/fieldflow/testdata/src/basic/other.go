package basic

// No channel operation, no go statement: a file scope does not keep.

func (s *S) Close() {
	s.cancel() // want "call cancel"
}

func fromElsewhere(src chan int) *S {
	return &S{g: src} // want "assign g"
}
