//! The site's icon: `static/favicon.svg` (the theme's, linked from every page) and
//! `/favicon.ico`, which browsers and feed readers ask for without being told. The ICO is drawn
//! here from the same 16×16 design (a 2×2 matrix of code colours on a dark tile) as an
//! uncompressed 32-bit bitmap, so no image encoder is needed and the bytes never change.

/// The colour of pixel (`x`, `y`), top-left origin, as `[r, g, b, a]`.
fn pixel(x: usize, y: usize) -> [u8; 4] {
    // Rounded corners: the three pixels of each corner outside a radius-3 arc are clear.
    let corner = |a: usize, b: usize| a + b < 2 || (a == 0 && b == 2) || (a == 2 && b == 0);
    let (cx, cy) = (x.min(15 - x), y.min(15 - y));
    if corner(cx, cy) {
        return [0, 0, 0, 0];
    }
    let cell = |v: usize| match v {
        3..=6 => Some(0),
        9..=12 => Some(1),
        _ => None,
    };
    match (cell(x), cell(y)) {
        (Some(_), Some(0)) => [0x00, 0x9e, 0x73, 0xff],
        (Some(0), Some(1)) => [0xe6, 0x9f, 0x00, 0xff],
        (Some(1), Some(1)) => [0x56, 0xb4, 0xe9, 0xff],
        _ => [0x1f, 0x29, 0x37, 0xff],
    }
}

/// `favicon.ico`: one 16×16 32-bit image.
pub fn ico() -> Vec<u8> {
    const SIZE: usize = 16;
    let pixels = SIZE * SIZE * 4;
    let mask = SIZE * 4; // 1 bit per pixel, rows padded to 32 bits
    let image = 40 + pixels + mask;
    let mut out = Vec::with_capacity(6 + 16 + image);
    // ICONDIR: reserved, type 1 (icon), one image.
    out.extend_from_slice(&[0, 0, 1, 0, 1, 0]);
    // ICONDIRENTRY: 16×16, no palette, 1 plane, 32 bpp, size, offset 22.
    out.extend_from_slice(&[16, 16, 0, 0, 1, 0, 32, 0]);
    out.extend_from_slice(&(image as u32).to_le_bytes());
    out.extend_from_slice(&22u32.to_le_bytes());
    // BITMAPINFOHEADER: the height counts the colour rows and the mask rows.
    out.extend_from_slice(&40u32.to_le_bytes());
    out.extend_from_slice(&(SIZE as i32).to_le_bytes());
    out.extend_from_slice(&(2 * SIZE as i32).to_le_bytes());
    out.extend_from_slice(&1u16.to_le_bytes());
    out.extend_from_slice(&32u16.to_le_bytes());
    out.extend_from_slice(&[0; 24]);
    // Rows bottom-up, BGRA.
    for y in (0..SIZE).rev() {
        for x in 0..SIZE {
            let [r, g, b, a] = pixel(x, y);
            out.extend_from_slice(&[b, g, r, a]);
        }
    }
    // The AND mask: transparent where alpha is 0.
    for y in (0..SIZE).rev() {
        let mut bits = 0u32;
        for x in 0..SIZE {
            if pixel(x, y)[3] == 0 {
                bits |= 1 << (31 - x);
            }
        }
        out.extend_from_slice(&bits.to_be_bytes());
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_ico_is_one_16_pixel_image() {
        let ico = ico();
        assert_eq!(&ico[..6], &[0, 0, 1, 0, 1, 0]);
        assert_eq!(ico[6], 16);
        let size = u32::from_le_bytes([ico[14], ico[15], ico[16], ico[17]]) as usize;
        assert_eq!(ico.len(), 22 + size);
        assert_eq!(&ico[22..26], &40u32.to_le_bytes());
        // Corners are clear, the tile is dark, the top-left cell green.
        assert_eq!(pixel(0, 0)[3], 0);
        assert_eq!(pixel(8, 1), [0x1f, 0x29, 0x37, 0xff]);
        assert_eq!(pixel(4, 4), [0x00, 0x9e, 0x73, 0xff]);
    }
}
