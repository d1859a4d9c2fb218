"""Reads a .wandb file the way wandb's datastore reader does, and prints its records as one JSON line.

Framing (wandb/sdk/internal/datastore.py): a 7-byte header ":W&B", magic 0xBEE1 (little-endian), version 0;
then 32 KiB blocks of records, each a 7-byte header (CRC-32 as zlib computes it, seeded with the CRC of the
type byte, over the data; little-endian uint16 length; type FULL=1, FIRST=2, MIDDLE=3, LAST=4) and its data;
a block tail shorter than a record header is zero padding. Every check is an assertion, as in that reader:
a torn or corrupt record fails. Each record's data is a wandb_internal.Record, decoded here generically:
the printed type is its one field number other than num (1), control (16) and uuid (19).
"""
import json
import struct
import sys
import zlib

BLOCK = 32768
HEADER = 7


def varint(data, pos):
    shift = value = 0
    while True:
        byte = data[pos]
        pos += 1
        value |= (byte & 0x7F) << shift
        shift += 7
        if not byte & 0x80:
            return value, pos


def fields(data):
    """(field number, wire type, value) of every field of a protobuf message."""
    pos = 0
    out = []
    while pos < len(data):
        tag, pos = varint(data, pos)
        number, wire = tag >> 3, tag & 7
        if wire == 0:
            value, pos = varint(data, pos)
        elif wire == 2:
            length, pos = varint(data, pos)
            value = data[pos:pos + length]
            assert len(value) == length, "truncated field"
            pos += length
        elif wire == 1:
            value, pos = data[pos:pos + 8], pos + 8
        elif wire == 5:
            value, pos = data[pos:pos + 4], pos + 4
        else:
            raise AssertionError("unexpected wire type %d" % wire)
        out.append((number, wire, value))
    return out


def records(path):
    with open(path, "rb") as f:
        data = f.read()
    ident, magic, version = struct.unpack("<4sHB", data[:HEADER])
    assert ident == b":W&B" and magic == 0xBEE1 and version == 0, "invalid header"
    pos = HEADER
    pending = b""
    while pos < len(data):
        left = BLOCK - pos % BLOCK
        if left < HEADER:
            assert data[pos:pos + left] == b"\0" * len(data[pos:pos + left]), "invalid padding"
            pos += left
            continue
        header = data[pos:pos + HEADER]
        assert len(header) == HEADER, "record header is %d bytes" % len(header)
        checksum, length, kind = struct.unpack("<IHB", header)
        body = data[pos + HEADER:pos + HEADER + length]
        assert len(body) == length, "record is torn"
        assert checksum == zlib.crc32(body, zlib.crc32(bytes([kind]))) & 0xFFFFFFFF, "record checksum is invalid"
        pos += HEADER + length
        if kind == 1:
            assert pending == b"", "a FULL record inside a split one"
            yield body
        elif kind in (2, 3):
            assert (kind == 2) == (pending == b""), "FIRST/MIDDLE out of order"
            pending += body
        else:
            assert kind == 4 and pending, "LAST without FIRST"
            yield pending + body
            pending = b""
    assert pending == b"", "the file ends inside a record"


def main():
    out = []
    for body in records(sys.argv[1]):
        top = fields(body)
        num = next((v for n, w, v in top if n == 1), 0)
        kind = next(n for n, w, v in top if n not in (1, 16, 19))
        out.append([num, kind])
    print(json.dumps(out))


main()
