#!/usr/bin/python3
"""Writes the seed inputs of the file-format fuzz targets (idx, model) into corpus/<target>/:
small well-formed files and near misses. The npy target's seeds are tests/data/npy/*.npy."""
import os
import struct

HERE = os.path.dirname(os.path.abspath(__file__))


def write(target, name, data):
    folder = os.path.join(HERE, "corpus", target)
    os.makedirs(folder, exist_ok=True)
    with open(os.path.join(folder, name), "wb") as f:
        f.write(data)


def idx(dims, data=None):
    count = 1
    for d in dims:
        count *= d
    body = bytes(i % 256 for i in range(count)) if data is None else data
    return bytes([0, 0, 8, len(dims)]) + b"".join(struct.pack(">I", d) for d in dims) + body


def fnv1a(data):
    h = 0xCBF29CE484222325
    for b in data:
        h = ((h ^ b) * 0x100000001B3) & 0xFFFFFFFFFFFFFFFF
    return h


def model(sizes, dtype_code):
    count = sum(sizes[i] * sizes[i + 1] + sizes[i + 1] for i in range(len(sizes) - 1))
    fmt = "<f" if dtype_code == 1 else "<d"
    body = b"EXPRJNN1" + struct.pack("<IIII", 1, dtype_code, len(sizes), 0)
    body += b"".join(struct.pack("<Q", s) for s in sizes) + struct.pack("<Q", count)
    body += b"".join(struct.pack(fmt, (i % 7) * 0.25 - 0.5) for i in range(count))
    return body + struct.pack("<Q", fnv1a(body))


write("idx", "labels", idx([10]))
write("idx", "images", idx([2, 28, 28]))
write("idx", "four_dims", idx([2, 1, 3, 2]))
write("idx", "truncated", idx([2, 28, 28])[:100])
write("idx", "empty_dim", idx([0, 28, 28]))
write("model", "f64_4_3_2", model([4, 3, 2], 2))
write("model", "f32_3_5_4_2", model([3, 5, 4, 2], 1))
write("model", "bad_checksum", model([2, 2], 2)[:-1] + b"\x00")
