# zlib and gzip round trips (compressed bytes differ between zlib versions: not printed).
import gzip
import io
import zlib

payload = ("codemode runs snippets in a sandbox. " * 50).encode()
compressed = zlib.compress(payload, 9)
print(len(payload), zlib.decompress(compressed) == payload, len(compressed) < len(payload) // 5)
print(zlib.crc32(payload), zlib.adler32(payload), zlib.crc32(b"a", zlib.crc32(b"b")))
compressor = zlib.compressobj(level=6, wbits=-15)
stream = compressor.compress(payload[:100]) + compressor.compress(payload[100:]) + compressor.flush()
decompressor = zlib.decompressobj(wbits=-15)
print(decompressor.decompress(stream) == payload, decompressor.eof)
gz = gzip.compress(payload, mtime=0)
print(gz[:4].hex(), gzip.decompress(gz) == payload)
buffer = io.BytesIO()
with gzip.GzipFile(fileobj=buffer, mode="wb", mtime=0) as f:
    f.write("line one\nline two\n".encode())
buffer.seek(0)
with gzip.GzipFile(fileobj=buffer, mode="rb") as f:
    print(f.read().decode().splitlines())
try:
    zlib.decompress(b"not compressed")
except zlib.error as e:
    print("zlib.error")
print(zlib.MAX_WBITS, zlib.DEFLATED, zlib.Z_BEST_COMPRESSION)
