#!/usr/bin/env python3
# fcgiget.py: timed FastCGI GETs straight to responders on unix sockets
#
#   fcgiget.py ROUNDS OUTDIR NAME=SOCKET... -- URI...
#
# Each round asks every URI of every responder once, the responders in
# turn for each URI (neighbouring measurements).  Prints one line per
# request: "URI-INDEX NAME MILLISECONDS"; the last answer of each pair is
# written to OUTDIR/NAME.URI-INDEX (the raw FastCGI stdout).  A URI may
# end with a tab and an Accept header for it.
import socket
import struct
import sys
import time

BEGIN, END, PARAMS, STDIN, STDOUT = 1, 3, 4, 5, 6


def record(kind, body, rid=1):
    pad = (8 - len(body) % 8) % 8
    return struct.pack('>BBHHBx', 1, kind, rid, len(body), pad) + body + b'\0' * pad


def pair(k, v):
    def n(x):
        return bytes([len(x)]) if len(x) < 128 else struct.pack('>I', len(x) | 1 << 31)
    return n(k) + n(v) + k + v


def get(path, uri):
    uri, _, accept = uri.partition('\t')
    qs = uri.split('?', 1)[1] if '?' in uri else ''
    env = {'REQUEST_METHOD': 'GET', 'REQUEST_URI': uri, 'QUERY_STRING': qs,
           'SCRIPT_NAME': uri.split('?', 1)[0], 'SERVER_PROTOCOL': 'HTTP/1.1'}
    if accept:
        env['HTTP_ACCEPT'] = accept
    params = b''.join(pair(k.encode(), v.encode()) for k, v in env.items())
    msg = (record(BEGIN, struct.pack('>HB5x', 1, 0)) + record(PARAMS, params) +
           record(PARAMS, b'') + record(STDIN, b''))
    s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    t0 = time.perf_counter()
    s.connect(path)
    s.sendall(msg)
    buf, out = b'', b''
    while True:
        d = s.recv(65536)
        if not d:
            break
        buf += d
        while len(buf) >= 8:
            _, kind, _, clen, pad = struct.unpack('>BBHHBx', buf[:8])
            if len(buf) < 8 + clen + pad:
                break
            if kind == STDOUT:
                out += buf[8:8 + clen]
            buf = buf[8 + clen + pad:]
            if kind == END:
                t1 = time.perf_counter()
                s.close()
                return (t1 - t0) * 1000, out
    s.close()
    raise SystemExit('fcgiget: %s: no end of request' % uri)


def main():
    rounds, outdir = int(sys.argv[1]), sys.argv[2]
    sep = sys.argv.index('--')
    socks = [a.split('=', 1) for a in sys.argv[3:sep]]
    uris = sys.argv[sep + 1:]
    for _ in range(rounds):
        for i, uri in enumerate(uris):
            for name, path in socks:
                ms, out = get(path, uri)
                print('%d %s %.2f' % (i, name, ms), flush=True)
                with open('%s/%s.%d' % (outdir, name, i), 'wb') as f:
                    f.write(out)


main()
