"""The visitor's address, for the rate limit: the connection's, or the one a trusted proxy gives.

`X-Forwarded-For` is written by whoever sends the request: a visitor can put any address
in it. Each proxy appends the address it received the request from, so only the part
appended by proxies the service trusts is true. The visitor is therefore the right-most
address that is not a trusted proxy, read from the connection backwards; a connection from
an untrusted address keeps its own address and its header is ignored. Trusting everyone
(« * », 0.0.0.0/0) would let anybody choose their address and escape the limit: refused.

IPv6 visitors are counted by /64 (the block one household or one machine receives), so that
changing the last 64 bits does not give a fresh allowance.
"""

from __future__ import annotations

import ipaddress
from collections.abc import Iterable
from dataclasses import dataclass

Network = ipaddress.IPv4Network | ipaddress.IPv6Network
Address = ipaddress.IPv4Address | ipaddress.IPv6Address

MAX_KEY = 64  # characters of an unreadable hop kept as a rate-limit key


class ProxyError(ValueError):
    """A `trusted_proxies` value the service refuses; the message is French."""


@dataclass(frozen=True)
class TrustedProxies:
    networks: tuple[Network, ...]

    @classmethod
    def parse(cls, text: str) -> TrustedProxies:
        """« 127.0.0.1, 10.88.0.0/16 » → the networks; « none » (or nothing) trusts no one."""
        items = [item.strip() for item in text.split(",") if item.strip()]
        if items in ([], ["none"]):
            return cls(())
        networks: list[Network] = []
        for item in items:
            if item == "*":
                raise ProxyError(
                    "« * » ferait confiance à l'en-tête X-Forwarded-For de n'importe qui : "
                    "chacun pourrait y écrire une autre adresse et contourner la limite "
                    "d'envois. Écrivez l'adresse du serveur web qui transmet les messages "
                    "(par exemple 127.0.0.1, ou la passerelle du conteneur : 10.88.0.1, "
                    "172.17.0.1), plusieurs séparées par des virgules.")
            try:
                network = ipaddress.ip_network(item, strict=False)
            except ValueError as exc:
                raise ProxyError(f"« {item} » n'est ni une adresse IP ni un réseau (écrivez "
                                 "par exemple 127.0.0.1 ou 10.88.0.0/16).") from exc
            if network.prefixlen == 0:
                raise ProxyError(f"« {item} » ferait confiance à tout Internet, comme « * » : "
                                 "écrivez l'adresse du serveur web qui transmet les messages.")
            networks.append(network)
        return cls(tuple(networks))

    def trusts(self, host: str | None) -> bool:
        address = _address(host)
        return address is not None and any(address in n for n in self.networks)

    def visitor(self, peer: str | None, forwarded_for: Iterable[str]) -> str:
        """The rate-limit key of a request from `peer` with these X-Forwarded-For headers."""
        if not self.trusts(peer):
            return _key(peer or "?")
        hops = [hop.strip() for header in forwarded_for for hop in header.split(",")]
        hops = [hop for hop in hops if hop]
        for hop in reversed(hops):
            if not self.trusts(hop):
                return _key(hop)
        # Every hop is a trusted proxy: the request comes from one of them.
        return _key(hops[0] if hops else peer or "?")


def _address(host: str | None) -> Address | None:
    """An address as a proxy writes it: bare, « 1.2.3.4:port » or « [v6]:port »."""
    if not host:
        return None
    text = host.strip()
    if text.startswith("[") and "]" in text:
        text = text[1:text.index("]")]
    elif text.count(":") == 1:
        text = text.split(":")[0]
    try:
        return ipaddress.ip_address(text.split("%")[0])
    except ValueError:
        return None


def _key(host: str) -> str:
    address = _address(host)
    if address is None:
        return host[:MAX_KEY]
    if isinstance(address, ipaddress.IPv6Address):
        if address.ipv4_mapped is not None:
            return str(address.ipv4_mapped)
        return str(ipaddress.IPv6Network((address, 64), strict=False))
    return str(address)
