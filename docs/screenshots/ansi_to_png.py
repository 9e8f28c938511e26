"""Renders a terminal capture (`tmux capture-pane -p -e`) to a PNG, cell by cell, so the
screenshots in the docs are the real screens and not drawings.

Usage: python ansi_to_png.py CAPTURE.ansi OUT.png   (needs Pillow and DejaVu Sans Mono)
"""

import re
import sys
import unicodedata

from PIL import Image, ImageDraw, ImageFont

PALETTE = ["#3f4451", "#e06c75", "#98c379", "#e5c07b", "#61afef", "#c678dd", "#56b6c2", "#d7dae0",
           "#7f848e", "#ff7b86", "#b1e18b", "#efd28b", "#82c9ff", "#de9bf0", "#6bd3df", "#ffffff"]
FG, BG = "#d7dae0", "#1e2127"
FONT_DIR = "/usr/share/fonts/truetype/dejavu/"
SIZE, LINE, PAD = 15, 19, 10
SGR = re.compile(r"(\x1b\[[0-9;]*m)")


def color256(n):
    if n < 16:
        return PALETTE[n]
    if n >= 232:
        level = 8 + (n - 232) * 10
        return (level, level, level)
    n -= 16
    scale = lambda v: 0 if v == 0 else 55 + v * 40
    return (scale(n // 36), scale(n // 6 % 6), scale(n % 6))


def apply(state, params):
    codes = [int(c) for c in params.split(";") if c != ""] or [0]
    i = 0
    while i < len(codes):
        c = codes[i]
        if c == 0:
            state.update(fg=None, bg=None, bold=False, dim=False, inverse=False, underline=False)
        elif c == 1:
            state["bold"] = True
        elif c == 2:
            state["dim"] = True
        elif c == 4:
            state["underline"] = True
        elif c == 7:
            state["inverse"] = True
        elif c == 22:
            state["bold"] = state["dim"] = False
        elif c == 24:
            state["underline"] = False
        elif c == 27:
            state["inverse"] = False
        elif 30 <= c <= 37:
            state["fg"] = PALETTE[c - 30]
        elif c == 39:
            state["fg"] = None
        elif 40 <= c <= 47:
            state["bg"] = PALETTE[c - 40]
        elif c == 49:
            state["bg"] = None
        elif 90 <= c <= 97:
            state["fg"] = PALETTE[c - 90 + 8]
        elif 100 <= c <= 107:
            state["bg"] = PALETTE[c - 100 + 8]
        elif c in (38, 48) and i + 2 < len(codes) and codes[i + 1] == 5:
            state["fg" if c == 38 else "bg"] = color256(codes[i + 2])
            i += 2
        elif c in (38, 48) and i + 4 < len(codes) and codes[i + 1] == 2:
            state["fg" if c == 38 else "bg"] = tuple(codes[i + 2:i + 5])
            i += 4
        i += 1


# Box-drawing characters are drawn as lines through the cell, so that they join up across
# rows whatever the font's line height: (left, right, up, down).
BOX = {"─": (1, 1, 0, 0), "│": (0, 0, 1, 1), "╭": (0, 1, 0, 1), "╮": (1, 0, 0, 1), "╰": (0, 1, 1, 0),
       "╯": (1, 0, 1, 0), "┼": (1, 1, 1, 1), "┤": (1, 0, 1, 1), "├": (0, 1, 1, 1), "└": (0, 1, 1, 0),
       "┬": (1, 1, 0, 1), "┴": (1, 1, 1, 0), "╶": (0, 1, 0, 0), "╴": (1, 0, 0, 0)}


def width(char):
    if unicodedata.combining(char):
        return 0
    return 2 if unicodedata.east_asian_width(char) in ("W", "F") else 1


def main(source, target):
    regular = ImageFont.truetype(FONT_DIR + "DejaVuSansMono.ttf", SIZE)
    bold = ImageFont.truetype(FONT_DIR + "DejaVuSansMono-Bold.ttf", SIZE)
    cell = regular.getlength("M")
    lines = open(source, encoding="utf-8").read().rstrip("\n").split("\n")
    columns = 0
    cells = []  # (row, column, char, fg, bg, bold, dim, underline)
    state = dict(fg=None, bg=None, bold=False, dim=False, inverse=False, underline=False)
    for row, line in enumerate(lines):
        column = 0
        for part in SGR.split(line):
            match = re.fullmatch(r"\x1b\[([0-9;]*)m", part)
            if match:
                apply(state, match.group(1))
                continue
            for char in part:
                fg, bg = state["fg"] or FG, state["bg"]
                if state["inverse"]:
                    fg, bg = bg or BG, fg
                cells.append((row, column, char, fg, bg, state["bold"], state["dim"], state["underline"]))
                column += width(char)
        columns = max(columns, column)
    image = Image.new("RGB", (int(columns * cell) + 2 * PAD, len(lines) * LINE + 2 * PAD), BG)
    draw = ImageDraw.Draw(image)
    for row, column, char, fg, bg, is_bold, dim, underline in cells:
        x, y = PAD + column * cell, PAD + row * LINE
        span = width(char) * cell
        if bg:
            draw.rectangle([x, y, x + span, y + LINE], fill=bg)
        if char in BOX:
            left, right, up, down = BOX[char]
            cx, cy = x + cell / 2, y + LINE / 2
            color = fg
            if dim:
                rgb = Image.new("RGB", (1, 1), fg).getpixel((0, 0))
                base = Image.new("RGB", (1, 1), bg or BG).getpixel((0, 0))
                color = tuple(int(0.6 * a + 0.4 * b) for a, b in zip(rgb, base))
            if left:
                draw.line([x, cy, cx, cy], fill=color, width=1)
            if right:
                draw.line([cx, cy, x + cell, cy], fill=color, width=1)
            if up:
                draw.line([cx, y, cx, cy], fill=color, width=1)
            if down:
                draw.line([cx, cy, cx, y + LINE], fill=color, width=1)
        elif char.strip():
            color = fg
            if dim:
                rgb = Image.new("RGB", (1, 1), fg).getpixel((0, 0))
                base = Image.new("RGB", (1, 1), bg or BG).getpixel((0, 0))
                color = tuple(int(0.6 * a + 0.4 * b) for a, b in zip(rgb, base))
            draw.text((x, y + 1), char, font=bold if is_bold else regular, fill=color)
        if underline:
            draw.line([x, y + LINE - 2, x + span, y + LINE - 2], fill=fg)
    image.save(target, optimize=True)


if __name__ == "__main__":
    if len(sys.argv) != 3:
        sys.exit("usage: python ansi_to_png.py CAPTURE.ansi OUT.png")
    main(sys.argv[1], sys.argv[2])
