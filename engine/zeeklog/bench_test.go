package zeeklog

import (
	"bytes"
	"io"
	"path/filepath"
	"strings"
	"testing"
)

// benchConnHeader and benchConnRows are a real conn.log header and rows
// (zeek-testing-m57long-zeek3x/conn.log layout, Zeek 3.x).
const benchConnHeader = "#separator \\x09\n#set_separator\t,\n#empty_field\t(empty)\n#unset_field\t-\n#path\tconn\n#open\t2020-09-22-18-52-23\n" +
	"#fields\tts\tuid\tid.orig_h\tid.orig_p\tid.resp_h\tid.resp_p\tproto\tservice\tduration\torig_bytes\tresp_bytes\tconn_state\tlocal_orig\tlocal_resp\tmissed_bytes\thistory\torig_pkts\torig_ip_bytes\tresp_pkts\tresp_ip_bytes\ttunnel_parents\n" +
	"#types\ttime\tstring\taddr\tport\taddr\tport\tenum\tstring\tinterval\tcount\tcount\tstring\tbool\tbool\tcount\tstring\tcount\tcount\tcount\tcount\tset[string]\n"

var benchConnRows = []string{
	"1258531221.486539\tCHhAvVGS1DHFjwGM9\t192.168.1.102\t68\t192.168.1.1\t67\tudp\tdhcp\t0.163820\t301\t300\tSF\t-\t-\t0\tDd\t1\t329\t1\t328\t(empty)\n",
	"1258531680.237254\tClEkJM2Vm5giqnMf4h\t192.168.1.103\t137\t192.168.1.255\t137\tudp\tdns\t3.780125\t350\t0\tS0\t-\t-\t0\tD\t7\t546\t0\t0\t(empty)\n",
	"1258531693.816224\tC4J4Th3PJpwUYZZ6gc\t192.168.1.102\t137\t192.168.1.255\t137\tudp\tdns\t3.748647\t350\t0\tS0\t-\t-\t0\tD\t7\t546\t0\t0\t(empty)\n",
	"1258532120.012345\tCtPZjS20MLrsMUOJi2\t192.168.1.104\t1387\t74.125.164.85\t80\ttcp\thttp\t0.256432\t1120\t5430\tSF\t-\t-\t0\tShADadfF\t8\t1452\t7\t5718\t(empty)\n",
}

const benchJSONRow = `{"ts":1258531221.486539,"uid":"CHhAvVGS1DHFjwGM9","id.orig_h":"192.168.1.102","id.orig_p":68,"id.resp_h":"192.168.1.1","id.resp_p":67,"proto":"udp","service":"dhcp","duration":0.16382,"orig_bytes":301,"resp_bytes":300,"conn_state":"SF","missed_bytes":0,"history":"Dd","orig_pkts":1,"orig_ip_bytes":329,"resp_pkts":1,"resp_ip_bytes":328,"tunnel_parents":[]}` + "\n"

// benchJSONNestedRow is converter-style JSON: a nested id, escapes (one
// \xNN as Zeek writes an invalid byte), arrays and an ISO 8601 time.
const benchJSONNestedRow = `{"_path":"http","ts":"2018-03-24T17:15:20.615923Z","uid":"C4J4Th3PJpwUYZZ6gc","id":{"orig_h":"10.0.0.5","orig_p":51000,"resp_h":"93.184.216.34","resp_p":80},"trans_depth":1,"method":"GET","host":"example.com","uri":"/search?q=caf\u00e9&x=\"y\"","user_agent":"Mozilla/5.0 (X11; Linux x86_64) \\xc3(","request_body_len":0,"response_body_len":1270,"status_code":200,"status_msg":"OK","tags":[],"resp_fuids":["FbXHfy3LdHdY6GtS7d"],"resp_mime_types":["text/html"]}` + "\n"

// repeatReader serves head once and then body forever, n times in total.
type repeatReader struct {
	data []byte
	pos  int
}

func (r *repeatReader) Read(p []byte) (int, error) {
	if r.pos >= len(r.data) {
		return 0, io.EOF
	}
	n := copy(p, r.data[r.pos:])
	r.pos += n
	return n, nil
}

// benchData is head followed by body repeated to at least 4096 lines.
func benchData(head, body string) []byte {
	const rows = 4096
	var sb strings.Builder
	sb.WriteString(head)
	for sb.Len() < len(head)+rows*len(body)/4 || strings.Count(sb.String(), "\n") < rows {
		sb.WriteString(body)
	}
	return []byte(sb.String())
}

func benchRead(b *testing.B, head, body string) {
	data := benchData(head, body)
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		r := NewReader(&repeatReader{data: data}, "conn.log")
		for {
			_, err := r.Read()
			if err == io.EOF {
				break
			}
			if err != nil {
				b.Fatal(err)
			}
		}
	}
}

// BenchmarkReadBaselineSplit only cuts the TSV benchmark's input into lines
// and fields (bytes.IndexByte, as `cut -f` would), keeping nothing: the
// readers' MB/s over this one's is their speed as a share of splitting
// alone, measured in the same run.
func BenchmarkReadBaselineSplit(b *testing.B) {
	data := benchData(benchConnHeader, strings.Join(benchConnRows, ""))
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	fields := 0
	for b.Loop() {
		rest := data
		for len(rest) > 0 {
			i := bytes.IndexByte(rest, '\n')
			line := rest[:i]
			rest = rest[i+1:]
			for {
				j := bytes.IndexByte(line, '\t')
				fields++
				if j < 0 {
					break
				}
				line = line[j+1:]
			}
		}
	}
	if fields == 0 {
		b.Fatal("no fields")
	}
}

func BenchmarkReadTSV(b *testing.B) {
	benchRead(b, benchConnHeader, strings.Join(benchConnRows, ""))
}

func BenchmarkReadJSON(b *testing.B) {
	benchRead(b, "", benchJSONRow)
}

func BenchmarkReadJSONNested(b *testing.B) {
	benchRead(b, "", benchJSONNestedRow)
}

// BenchmarkReadCorpus reads the TSV and the JSON twin of one Zeek run
// (brim-wrccdc2018-zeek62 in $ZHUNT_SHARED), decompressed into memory
// first so that only the reader is measured.
func BenchmarkReadCorpus(b *testing.B) {
	for _, dir := range []string{"zeek-default", "zeek-json"} {
		b.Run(dir, func(b *testing.B) {
			names, err := Files(filepath.Join(sharedDir(b), "zeek-corpus", "brim-wrccdc2018-zeek62", dir))
			if err != nil || len(names) == 0 {
				b.Fatalf("%d files: %v", len(names), err)
			}
			files := make([][]byte, len(names))
			size := 0
			for i, name := range names {
				f, err := Open(name)
				if err != nil {
					b.Fatal(err)
				}
				if files[i], err = io.ReadAll(f); err != nil {
					b.Fatal(err)
				}
				f.Close()
				size += len(files[i])
			}
			b.SetBytes(int64(size))
			b.ReportAllocs()
			b.ResetTimer()
			for i := 0; i < b.N; i++ {
				for j, data := range files {
					r := NewReader(bytes.NewReader(data), names[j])
					for {
						if _, err := r.Read(); err == io.EOF {
							break
						}
					}
				}
			}
		})
	}
}
