# ipaddress.
import ipaddress

addr = ipaddress.ip_address("192.168.1.10")
net = ipaddress.ip_network("192.168.1.0/28")
print(addr, addr.version, addr.is_private, addr in net, int(addr), addr + 5)
print(net.num_addresses, net.netmask, net.broadcast_address, list(net.hosts())[:3], net.prefixlen)
print([str(s) for s in net.subnets(prefixlen_diff=2)], net.supernet(new_prefix=24))
v6 = ipaddress.ip_address("2001:db8::1")
print(v6, v6.exploded, v6.compressed, v6.version, v6.is_global, ipaddress.ip_address("::1").is_loopback)
print(ipaddress.ip_interface("10.0.0.5/8").network, list(ipaddress.summarize_address_range(
    ipaddress.ip_address("10.0.0.0"), ipaddress.ip_address("10.0.0.9"))))
print(sorted([ipaddress.ip_address("10.0.0.2"), ipaddress.ip_address("9.255.255.255"), ipaddress.ip_address("10.0.0.1")]))
print(ipaddress.ip_network("10.0.0.0/8").overlaps(ipaddress.ip_network("10.1.0.0/16")), ipaddress.ip_address("127.0.0.1").is_loopback)
try:
    ipaddress.ip_address("300.1.1.1")
except ValueError:
    print("invalid address")
