# hashlib and hmac.
import hashlib
import hmac

message = b"The quick brown fox jumps over the lazy dog"
for name in ("md5", "sha1", "sha224", "sha256", "sha384", "sha512", "sha3_256", "blake2b", "blake2s"):
    print(name, hashlib.new(name, message).hexdigest())
print(hashlib.sha256(b"").hexdigest(), hashlib.sha256("héllo".encode()).digest()[:4])
h = hashlib.sha256()
h.update(b"The quick brown fox ")
h.update(b"jumps over the lazy dog")
print(h.hexdigest() == hashlib.sha256(message).hexdigest(), h.digest_size, h.block_size, h.name)
print(hashlib.blake2b(message, digest_size=16, key=b"secret").hexdigest())
print(hashlib.shake_128(message).hexdigest(16), hashlib.sha3_512(message).hexdigest()[:32])
print(hashlib.pbkdf2_hmac("sha256", b"password", b"salt", 1000).hex())
mac = hmac.new(b"key", message, hashlib.sha256)
print(mac.hexdigest(), hmac.compare_digest(mac.hexdigest(), mac.hexdigest()))
print(hmac.digest(b"key", b"data", "sha1").hex())
print(sorted(n for n in ("md5", "sha1", "sha256", "sha512") if n in hashlib.algorithms_guaranteed))
