#!/usr/bin/env python3
"""The portal's default icons (issue 15.7): PNGs for the web app manifest,
drawn here with the standard library only (no image tool needed). Run from
the source tree: python3 mk/icons.py htdocs. The hospital may replace
htdocs/icon-*.png and htdocs/logo.svg with its own, same names and sizes."""
import struct
import sys
import zlib

BLUE = (0x1f, 0x4e, 0x79)
WHITE = (0xff, 0xff, 0xff)


def heart(x, y):
    """Inside a heart centred at 0,0 of half-width about 1.2 (y down)."""
    y = -y * 1.15 + 0.25
    return (x * x + y * y - 1) ** 3 - x * x * y ** 3 <= 0


def draw(size, maskable):
    rows = []
    r = size * 0.18            # corner radius of the plain icon
    scale = 0.30 if maskable else 0.36   # the heart inside the safe zone
    for j in range(size):
        row = bytearray([0])
        for i in range(size):
            px, py = i + 0.5, j + 0.5
            inside = True
            if not maskable:
                cx = min(max(px, r), size - r)
                cy = min(max(py, r), size - r)
                inside = (px - cx) ** 2 + (py - cy) ** 2 <= r * r
            if not inside:
                row += bytes((0, 0, 0, 0))
                continue
            hx = (px - size / 2) / (size * scale)
            hy = (py - size / 2) / (size * scale)
            colour = WHITE if heart(hx * 1.3, hy * 1.3) else BLUE
            row += bytes(colour) + b'\xff'
        rows.append(bytes(row))
    return png(size, b''.join(rows))


def png(size, raw):
    def chunk(kind, data):
        c = kind + data
        return struct.pack('>I', len(data)) + c + struct.pack('>I', zlib.crc32(c))
    return (b'\x89PNG\r\n\x1a\n'
            + chunk(b'IHDR', struct.pack('>IIBBBBB', size, size, 8, 6, 0, 0, 0))
            + chunk(b'IDAT', zlib.compress(raw, 9))
            + chunk(b'IEND', b''))


def main(out):
    for name, size, maskable in (('icon-192.png', 192, False),
                                 ('icon-512.png', 512, False),
                                 ('icon-maskable-512.png', 512, True)):
        with open(f'{out}/{name}', 'wb') as f:
            f.write(draw(size, maskable))


if __name__ == '__main__':
    main(sys.argv[1] if len(sys.argv) > 1 else 'htdocs')
