#!/usr/bin/env python3
"""Writes the HAND-MADE fixture testdata/walk/*.log (see testdata/walk/README.md).

Everything here is invented: documentation addresses (192.0.2.0/24, 198.51.100.0/24,
203.0.113.0/24), MACs from the documentation block 00:00:5e:00:53:xx (RFC 7042),
names under example.com, random-looking uids/fuids from a seeded RNG, ja3/ja3s/hashes
are md5/sha of label strings.  The #fields/#types lines are copied byte-for-byte from
$ZHUNT_SHARED/zeek-corpus/zeek-testing-m57long-zeek3x (Zeek 2.6/3.x, test-all-policy),
with the salesforce ja3/ja3s columns appended to ssl.log.

Usage: python3 testdata/walk-src/gen_walk.py [ZHUNT_SHARED] [OUTDIR]
Deterministic: re-running gives identical bytes.
"""
import hashlib
import os
import random
import sys
import time

SHARED = sys.argv[1] if len(sys.argv) > 1 else os.environ.get("ZHUNT_SHARED", "/work/shared")
OUT = sys.argv[2] if len(sys.argv) > 2 else os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "walk")
M57 = os.path.join(SHARED, "zeek-corpus", "zeek-testing-m57long-zeek3x")

rng = random.Random(20190314)
B62 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"


def zid(prefix):
    n = rng.choice((16, 17, 17, 17))
    return prefix + "".join(rng.choice(B62) for _ in range(n))


def md5(s):
    return hashlib.md5(s.encode()).hexdigest()


def tm(t):
    return "%.6f" % t


def header_lines(path):
    with open(os.path.join(M57, path + ".log"), encoding="ascii") as f:
        lines = [next(f) for _ in range(8)]
    assert lines[6].startswith("#fields") and lines[7].startswith("#types"), path
    return lines[6].rstrip("\n"), lines[7].rstrip("\n")


def stamp(t):
    return time.strftime("%Y-%m-%d-%H-%M-%S", time.gmtime(t))


T0 = 1552557600.0  # 2019-03-14 10:00:00 UTC
CLOSE = T0 + 900.0  # sensor shut down at 10:15:00, every file gets the same #close


def write_log(path, rows, extra_fields="", extra_types=""):
    """rows: list of (write_time, [values]) -- written in write_time order."""
    fields, types = header_lines(path)
    fields += extra_fields
    types += extra_types
    nf = len(fields.split("\t")) - 1
    rows = sorted(rows, key=lambda r: r[0])
    out = ["#separator \\x09", "#set_separator\t,", "#empty_field\t(empty)", "#unset_field\t-",
           "#path\t" + path, "#open\t" + stamp(rows[0][0]), fields, types]
    for _, vals in rows:
        vals = [str(v) for v in vals]
        assert len(vals) == nf, (path, len(vals), nf, vals)
        out.append("\t".join(vals))
    out.append("#close\t" + stamp(CLOSE))
    with open(os.path.join(OUT, path + ".log"), "w", encoding="ascii", newline="\n") as f:
        f.write("\n".join(out) + "\n")


# ---------------------------------------------------------------- certificates
ROOT = "CN=Example Root CA,O=Example Inc.,C=US"
ICA2 = "CN=Example Issuing CA 2,O=Example Inc.,C=US"
LEGACY = "CN=Example Legacy CA,O=Example Inc.,C=US"
SELF = "CN=selfsigned.example.com,O=Example Lab,C=US"
CERTS = {
    # name: serial, subject, issuer, not_before, not_after, sig_alg, key_length, san.dns, ca, der_len, entropy
    "A": ("5F1A3C7E29B04D6E8A13C2F07B9D4E21", "CN=www.example.com,O=Example Inc.,L=Springfield,ST=Oregon,C=US", ICA2,
          1546300800, 1609459199, "sha256WithRSAEncryption", 2048, "www.example.com,example.com", "F", 1731, 7.372915),
    "F": ("0C44E2B19A7F3D5E61B8A9C0D2E3F415", "CN=api.example.com,O=Example Inc.,L=Springfield,ST=Oregon,C=US", ICA2,
          1548979200, 1612137599, "sha256WithRSAEncryption", 2048, "api.example.com", "F", 1664, 7.358104),
    "C": ("1D3F5A7C9E", "CN=legacy.example.com,O=Example Inc.,C=US", LEGACY,
          1462060800, 1556668799, "sha1WithRSAEncryption", 2048, "legacy.example.com", "F", 1389, 7.301846),
    "D": ("00E3A1B2C4D5F60718", SELF, SELF,
          1514764800, 1830297600, "sha1WithRSAEncryption", 2048, "-", "T", 893, 7.152207),
    "E": ("4B2E", "CN=vpn.example.com,OU=Remote Access,O=Example Inc.,C=US", LEGACY,
          1262304000, 1577836799, "md5WithRSAEncryption", 1024, "-", "-", 720, 7.087310),
    # intermediates: sent in chains (files.log) but not in x509.log (log-hostcerts-only, as in m57long)
    "B": ("7A0F", ICA2, ROOT, 1420070400, 1735689599, "sha256WithRSAEncryption", 2048, "-", "T", 1102, 7.254431),
    "L": ("02", LEGACY, ROOT, 1262304000, 1893455999, "sha1WithRSAEncryption", 2048, "-", "T", 1015, 7.211978),
}


def der(name):
    return ("walk-fixture-certificate-" + name).encode()


# ---------------------------------------------------------------- hosts
MAC = {"192.0.2.10": "00:00:5e:00:53:10", "192.0.2.11": "00:00:5e:00:53:11", "192.0.2.12": "00:00:5e:00:53:12",
       "192.0.2.13": "00:00:5e:00:53:13", "192.0.2.14": "00:00:5e:00:53:14", "192.0.2.53": "00:00:5e:00:53:35"}
GW = "00:00:5e:00:53:01"
J1, J2, J3 = md5("walk-ja3-browser-a"), md5("walk-ja3-browser-b"), md5("walk-ja3-curl")
K1, K2, K3 = md5("walk-ja3s-www"), md5("walk-ja3s-legacy"), md5("walk-ja3s-lab")
ECDHE128 = "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256"
ECDHE256 = "TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384"
RSA128 = "TLS_RSA_WITH_AES_128_CBC_SHA"

# dt, client, sport, server, dport, sni, chain, ja3, ja3s, cipher, curve, alpn, validation, duration, ob, rb, op, rp, resumed
SESSIONS = [
    (12.204113, "192.0.2.10", 49731, "198.51.100.20", 443, "www.example.com", "AB", J1, K1, ECDHE128, "x25519", "h2", "ok", 95.412387, 2311, 48211, 31, 45, "F"),
    (47.918552, "192.0.2.11", 51022, "198.51.100.20", 443, "www.example.com", "AB", J1, K1, ECDHE128, "x25519", "h2", "ok", 3.207745, 1876, 9120, 12, 14, "F"),
    (88.402910, "192.0.2.12", 60514, "198.51.100.30", 443, "legacy.example.com", "CL", J2, K2, RSA128, "-", "-", "ok", 41.700263, 988, 6233, 10, 11, "F"),
    (131.003877, "192.0.2.13", 40112, "203.0.113.40", 8443, "selfsigned.example.com", "D", J3, K3, ECDHE256, "secp256r1", "http/1.1", "self signed certificate", 12.511904, 642, 3305, 8, 8, "F"),
    (203.317402, "192.0.2.10", 49740, "203.0.113.50", 443, "vpn.example.com", "EL", J1, K2, RSA128, "-", "-", "ok", 300.806215, 15702, 88340, 140, 131, "F"),
    (262.700519, "192.0.2.14", 55310, "198.51.100.20", 443, "api.example.com", "FB", J2, K1, ECDHE128, "x25519", "h2", "ok", 1.904468, 1207, 5893, 9, 9, "F"),
    (304.112786, "192.0.2.11", 51040, "203.0.113.40", 8443, "selfsigned.example.com", "D", J1, K3, ECDHE256, "secp256r1", "http/1.1", "self signed certificate", 8.004127, 713, 2984, 8, 7, "F"),
    (331.655040, "192.0.2.11", 51041, "198.51.100.20", 443, "www.example.com", "", J1, K1, ECDHE128, "-", "h2", "-", 60.318822, 1544, 20417, 19, 23, "T"),
    (402.506631, "192.0.2.10", 49755, "198.51.100.30", 443, "legacy.example.com", "CL", J1, K2, RSA128, "-", "-", "ok", 20.017354, 1131, 7010, 11, 12, "F"),
]

# dns queries of 192.0.2.10: dt, sport, query, answer, rtt, rcode
DNSQ = [
    (11.871035, 53211, "www.example.com", "198.51.100.20", 0.003912, 0),
    (149.880017, 60042, "updates.example.com", "198.51.100.80", 0.021774, 0),
    (170.412655, 38807, "nosuch.example.com", None, 0.019230, 3),
    (203.002941, 41519, "vpn.example.com", "203.0.113.50", 0.004107, 0),
    (402.198834, 55930, "legacy.example.com", "198.51.100.30", 0.003655, 0),
]
# plain http of 192.0.2.10: dt, sport, port, duration, ob, rb, op, rp
HTTPC = [
    (150.122456, 49736, 8080, 0.611873, 412, 15980, 7, 14),
    (175.540281, 49738, 80, 0.184332, 377, 1322, 5, 5),
]

conn, ssl, x509, files, notice, dns = [], [], [], [], [], []
last_invalid = {}  # notice suppression: identifier -> ts (suppress_for 3600)

for (dt, cli, sp, srv, dp, sni, chain, ja3, ja3s, cipher, curve, alpn, valid, dur, ob, rb, op, rp, resumed) in SESSIONS:
    t = T0 + dt
    uid = zid("C")
    t_hello = t + 0.031507 + rng.random() * 0.02
    t_cert = t_hello + 0.018 + rng.random() * 0.03
    fuids = []
    for pos, name in enumerate(chain):
        serial, subj, iss, nvb, nva, sig, kl, san, ca, dlen, ent = CERTS[name]
        fu = zid("F")
        fuids.append(fu)
        d = der(name)
        files.append((t_cert + 0.000001 * pos, [tm(t_cert), fu, srv, cli, uid, "SSL", 0, "X509,MD5,SHA1,SHA256,ENTROPY",
                      "application/x-x509-user-cert" if pos == 0 else "application/x-x509-ca-cert", "-", "0.000000",
                      "-", "F", dlen, "-", 0, 0, "F", "-", hashlib.md5(d).hexdigest(), hashlib.sha1(d).hexdigest(),
                      hashlib.sha256(d).hexdigest(), "-", "-", "-", "%.6f" % ent]))
        if pos == 0:  # log-hostcerts-only: only the server's host certificate reaches x509.log
            x509.append((t_cert, [tm(t_cert), fu, 3, serial, subj, iss, tm(nvb), tm(nva), "rsaEncryption", sig, "rsa",
                          kl, 65537, "-", san, "-", "-", "-", ca, "-"]))
    leaf = CERTS[chain[0]] if chain else None
    t_ssl = t_cert + 0.002 if chain else t_hello + 0.02
    ssl.append((t_ssl, [tm(t_hello), uid, cli, sp, srv, dp, "TLSv12", cipher, curve, sni, resumed, "-", alpn, "T",
                        ",".join(fuids) if fuids else "-", "(empty)" if fuids else "-",
                        leaf[1] if leaf else "-", leaf[2] if leaf else "-", "-", "-", valid, "-",
                        0 if fuids else "-", 0 if fuids else "-", ja3, ja3s]))
    if valid not in ("ok", "-"):
        ident = (srv, dp, valid, hashlib.sha1(der(chain[0])).hexdigest())
        t_n = t_cert + 0.000412
        if ident not in last_invalid or t_n - last_invalid[ident] > 3600:
            last_invalid[ident] = t_n
            notice.append((t_n, [tm(t_n), uid, cli, sp, srv, dp, fuids[0], "-", "-", "tcp", "SSL::Invalid_Server_Cert",
                                 "SSL certificate validation failed with (%s)" % valid, leaf[1], cli, srv, dp, "-", "-",
                                 "Notice::ACTION_LOG", "3600.000000", "-", "-", "-", "-", "-", "F"]))
    conn.append((t + dur + 5.0, [tm(t), uid, cli, sp, srv, dp, "tcp", "ssl", tm(dur), ob, rb, "SF", "-", "-", 0,
                                 "ShADadFf", op, ob + 52 * op, rp, rb + 52 * rp, "-", MAC[cli], GW, "-", "-"]))

for (dt, sp, q, ans, rtt, rcode) in DNSQ:
    t = T0 + dt
    uid = zid("C")
    tid = rng.randrange(1, 65535)
    qlen = 12 + len(q) + 2 + 4          # header + qname + qtype/qclass
    rlen = qlen + (16 if ans else 60)   # + one A record, or + an SOA in the authority section
    if ans:
        dns.append((t + rtt, [tm(t), uid, "192.0.2.10", sp, "192.0.2.53", 53, "udp", tid, tm(rtt), q, 1, "C_INTERNET", 1,
                              "A", 0, "NOERROR", "F", "F", "T", "T", 0, ans, "300.000000", "F",
                              "ns1.example.com,ns2.example.com", "-", q]))
    else:
        dns.append((t + rtt, [tm(t), uid, "192.0.2.10", sp, "192.0.2.53", 53, "udp", tid, tm(rtt), q, 1, "C_INTERNET", 1,
                              "A", 3, "NXDOMAIN", "F", "F", "T", "T", 0, "-", "-", "F", "example.com", "-", q]))
    # UDP DNS connections expire dns_session_timeout (10 s) after the last packet, then conn.log is written
    conn.append((t + rtt + 10.0, [tm(t), uid, "192.0.2.10", sp, "192.0.2.53", 53, "udp", "dns", tm(rtt), qlen,
                                  rlen, "SF", "-", "-", 0, "Dd", 1, qlen + 28, 1, rlen + 28, "-",
                                  MAC["192.0.2.10"], MAC["192.0.2.53"], "-", "-"]))

for (dt, sp, port, dur, ob, rb, op, rp) in HTTPC:
    t = T0 + dt
    uid = zid("C")
    conn.append((t + dur + 5.0, [tm(t), uid, "192.0.2.10", sp, "198.51.100.80", port, "tcp", "http", tm(dur), ob, rb, "SF",
                                 "-", "-", 0, "ShADadFf", op, ob + 52 * op, rp, rb + 52 * rp, "-", MAC["192.0.2.10"], GW,
                                 "-", "-"]))
    if port != 80:  # policy/frameworks/dpd/detect-protocols
        t_n = t + 0.049306
        notice.append((t_n, [tm(t_n), uid, "192.0.2.10", sp, "198.51.100.80", port, "-", "-", "-", "tcp",
                             "ProtocolDetector::Protocol_Found",
                             "192.0.2.10:%d > 198.51.100.80:%d HTTP on port %d/tcp" % (sp, port, port), "HTTP",
                             "192.0.2.10", "198.51.100.80", port, "-", "-", "Notice::ACTION_LOG", "3600.000000",
                             "-", "-", "-", "-", "-", "F"]))

os.makedirs(OUT, exist_ok=True)
write_log("conn", conn)
write_log("dns", dns)
write_log("ssl", ssl, "\tja3\tja3s", "\tstring\tstring")
write_log("x509", x509)
write_log("files", files)
write_log("notice", notice)
