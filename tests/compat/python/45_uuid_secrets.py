# uuid (name-based ones are deterministic) and secrets (only shapes are printed).
import secrets
import string
import uuid

print(uuid.uuid3(uuid.NAMESPACE_DNS, "python.org"), uuid.uuid5(uuid.NAMESPACE_URL, "https://example.com"))
u = uuid.UUID("12345678-1234-5678-1234-567812345678")
print(u.hex, u.int, u.version, u.variant, u.urn, u.bytes[:4], str(uuid.UUID(bytes=u.bytes)) == str(u))
random_uuid = uuid.uuid4()
print(random_uuid.version, len(str(random_uuid)), random_uuid != uuid.uuid4())
print(len(secrets.token_hex(16)), len(secrets.token_bytes(8)), len(secrets.token_urlsafe(12)))
choice = secrets.choice(string.ascii_lowercase)
print(choice in string.ascii_lowercase, 0 <= secrets.randbelow(10) < 10, secrets.compare_digest("a", "a"))
password = "".join(secrets.choice(string.ascii_letters + string.digits) for _ in range(20))
print(len(password), password.isalnum())
