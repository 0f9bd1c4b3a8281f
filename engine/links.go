package engine

// summaryFields are the few fields that say what a record of a path is
// about, shown after the connection columns when records of several logs are
// printed together.
var summaryFields = map[string][]string{
	"conn":    {"proto", "service", "duration", "orig_bytes", "resp_bytes", "conn_state", "history"},
	"ssl":     {"version", "server_name", "established", "ja3", "ja3s", "validation_status"},
	"x509":    {"id", "fingerprint", "certificate.subject", "certificate.issuer", "certificate.sig_alg"},
	"files":   {"fuid", "source", "mime_type", "filename", "sha1"},
	"notice":  {"note", "msg"},
	"dns":     {"query", "qtype_name", "rcode_name", "answers"},
	"http":    {"method", "host", "uri", "status_code", "user_agent"},
	"weird":   {"name", "addl"},
	"ocsp":    {"id", "certStatus"},
	"pe":      {"id", "machine", "compile_ts"},
	"smtp":    {"mailfrom", "rcptto", "subject"},
	"ssh":     {"client", "server", "auth_success"},
	"dpd":     {"analyzer", "failure_reason"},
	"smb_cmd": {"command", "status"},
}

// ConnFields are the columns that place a record on a connection.
var ConnFields = []string{"ts", "uid", "id.orig_h", "id.orig_p", "id.resp_h", "id.resp_p"}

// SummaryFields returns the fields that summarise a record of the path, in
// display order, keeping only those the loaded log has.
func (e *Engine) SummaryFields(path string) []string {
	var out []string
	for _, f := range summaryFields[path] {
		if e.HasField(path, f) {
			out = append(out, f)
		}
	}
	return out
}
