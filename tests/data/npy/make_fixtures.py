#!/usr/bin/python3
"""Writes the .npy fixtures of tests/data/npy with NumPy (run: /usr/bin/python3 make_fixtures.py).

Valid files hold value(i) = i * 0.25 - 0.5 (floats), i - 2 (ints) or i % 3 == 0 (bool) for the
C-order index i, so tests can check every element without NumPy. Files named bad_* are corrupt
or unsupported on purpose. The files are committed; rerunning this script must reproduce them
byte for byte (NumPy 1.24, Debian 12).
"""
import io
import os

import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))


def values(dtype, shape):
    i = np.arange(int(np.prod(shape, dtype=np.int64)), dtype=np.int64).reshape(shape)
    if dtype == np.bool_:
        return i % 3 == 0
    if np.issubdtype(dtype, np.integer):
        return (i - 2).astype(dtype)
    return (i * 0.25 - 0.5).astype(dtype)


def save(name, array, version=None):
    buffer = io.BytesIO()
    np.lib.format.write_array(buffer, array, version=version, allow_pickle=True)
    write(name, buffer.getvalue())


def write(name, data):
    with open(os.path.join(HERE, name), "wb") as f:
        f.write(data)


def header(text):
    return np.lib.format._wrap_header(text, (1, 0))


def npy_bytes(array):
    buffer = io.BytesIO()
    np.save(buffer, array)
    return buffer.getvalue()


for name, dtype in [("bool", np.bool_), ("int32", np.int32), ("int64", np.int64), ("float32", np.float32),
                    ("float64", np.float64)]:
    save(f"{name}_2x3.npy", values(dtype, (2, 3)))
    save(f"{name}_fortran_2x3x4.npy", np.asfortranarray(values(dtype, (2, 3, 4))))
    save(f"{name}_0d.npy", values(dtype, ()))
save("float64_empty_0.npy", values(np.float64, (0,)))


def byte_string(i):
    """'', 'b', 'c' + NUL (stored as 'c'), 'd' NUL '3', ...: empty, trailing and embedded NULs."""
    return bytes([97 + i % 26, 0, 48 + i % 10])[: i % 4]


def byte_strings(shape, width):
    count = int(np.prod(shape, dtype=np.int64))
    return np.array([byte_string(i) for i in range(count)], dtype=f"S{width}").reshape(shape)


save("bytes_S3_2x3.npy", byte_strings((2, 3), 3))
save("bytes_S5_fortran_2x3x4.npy", np.asfortranarray(byte_strings((2, 3, 4), 5)))
save("bytes_S4_0d.npy", np.array(b"ab\x00c", dtype="S4"))
save("int32_empty_2x0.npy", values(np.int32, (2, 0)))
save("float64_5.npy", values(np.float64, (5,)))
save("float64_v2_5.npy", values(np.float64, (5,)), version=(2, 0))
save("float64_v3_5.npy", values(np.float64, (5,)), version=(3, 0))

good = npy_bytes(values(np.float64, (5,)))
write("bad_truncated_data.npy", good[:-3])
write("bad_truncated_header.npy", good[:40])
write("bad_trailing_garbage.npy", good + b"junk")
write("bad_magic.npy", b"\x93NUMPZ" + good[6:])
write("bad_version.npy", good[:6] + b"\x04\x00" + good[8:])
write("bad_header_length.npy", good[:8] + (4000).to_bytes(2, "little") + good[10:])
write("bad_dict.npy", good.replace(b"'shape'", b"'shapf'"))
write("bad_shape_overflow.npy", header("{'descr': '<f8', 'fortran_order': False, 'shape': (4294967296, 4294967296), }")
      + good[128:])
# Valid, though NumPy would not write it so: other key order, double quotes, no trailing comma.
write("float64_reordered_5.npy", header('{"shape":(5,),"fortran_order" :False,  "descr":"<f8"}') + good[128:])
save("bad_bigendian_f8.npy", values(np.float64, (5,)).astype(">f8"))
save("bad_float16.npy", np.arange(4, dtype=np.float16))
save("bad_unicode.npy", np.array(["ab", "c"]))
save("bad_object.npy", np.array([1, "a", None], dtype=object))
