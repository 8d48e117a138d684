GREETING = b"from a module"
