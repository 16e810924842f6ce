package vault

// leakyEnv lists environment variables that make a library write traces or
// debugging output that may include secrets or personal data.
var leakyEnv = [...]string{"TEA_TRACE", "TEA_DEBUG", "AGEDEBUG"}
