//! The on-disk form of the small linear models: a header, f32 values, and int16-quantized weight
//! tables, with a clear error naming the file when it is missing, truncated or of the wrong kind.

use anyhow::{bail, Context, Result};
use std::path::Path;

/// int16 values and their scale, as model files store weights.
pub fn quantize(v: &[f32]) -> (f32, Vec<i16>) {
    let max = v.iter().fold(0f32, |m, x| m.max(x.abs())).max(1e-12);
    let scale = max / 32767.0;
    (
        scale,
        v.iter().map(|x| (x / scale).round() as i16).collect(),
    )
}

/// The weights a model file will give back: `v` through int16 and back.
pub fn as_stored(v: &[f32]) -> Vec<f32> {
    let (scale, q) = quantize(v);
    q.into_iter().map(|x| x as f32 * scale).collect()
}

pub struct Writer {
    buf: Vec<u8>,
}

impl Writer {
    pub fn new(magic: &[u8; 8]) -> Self {
        Writer {
            buf: magic.to_vec(),
        }
    }
    pub fn u32(&mut self, v: u32) {
        self.buf.extend_from_slice(&v.to_le_bytes());
    }
    pub fn f32s(&mut self, v: &[f32]) {
        self.u32(v.len() as u32);
        for x in v {
            self.buf.extend_from_slice(&x.to_le_bytes());
        }
    }
    /// Weights as int16 with one scale: 64 KiB of values per MiB of f32.
    pub fn quantized(&mut self, v: &[f32]) {
        let (scale, q) = quantize(v);
        self.f32s(&[scale]);
        self.u32(q.len() as u32);
        for x in q {
            self.buf.extend_from_slice(&x.to_le_bytes());
        }
    }
    /// A UTF-8 text: its byte length, then its bytes.
    pub fn text(&mut self, s: &str) {
        self.u32(s.len() as u32);
        self.buf.extend_from_slice(s.as_bytes());
    }
    pub fn save(self, path: &Path) -> Result<()> {
        std::fs::write(path, self.buf)
            .with_context(|| format!("cannot write model file {}", path.display()))
    }
}

pub struct Reader<'a> {
    path: &'a Path,
    buf: Vec<u8>,
    pos: usize,
}

impl<'a> Reader<'a> {
    pub fn open(path: &'a Path, magic: &[u8; 8]) -> Result<Self> {
        Self::open_either(path, &[magic]).map(|(r, _)| r)
    }

    /// Opens a file written in any of the formats `magics` names (oldest first, say); returns
    /// the reader and which one it is.
    pub fn open_either(path: &'a Path, magics: &[&[u8; 8]]) -> Result<(Self, usize)> {
        let buf = std::fs::read(path).with_context(|| {
            format!("model file {} is missing or unreadable: restore it with `git checkout -- models` or retrain with `claimminer train`", path.display())
        })?;
        let Some(which) = magics
            .iter()
            .position(|m| buf.len() >= 8 && &buf[..8] == *m)
        else {
            bail!(
                "model file {} is not a {} model (corrupt or wrong file)",
                path.display(),
                String::from_utf8_lossy(magics.last().map_or(&[0u8; 8], |m| *m))
                    .trim_end_matches('\0')
            );
        };
        Ok((Reader { path, buf, pos: 8 }, which))
    }
    fn take(&mut self, n: usize) -> Result<&[u8]> {
        if self.pos + n > self.buf.len() {
            bail!(
                "model file {} is truncated (corrupt): restore it with `git checkout -- models`",
                self.path.display()
            );
        }
        let s = &self.buf[self.pos..self.pos + n];
        self.pos += n;
        Ok(s)
    }
    pub fn u32(&mut self) -> Result<u32> {
        let b = self.take(4)?;
        Ok(u32::from_le_bytes([b[0], b[1], b[2], b[3]]))
    }
    pub fn f32s(&mut self) -> Result<Vec<f32>> {
        let n = self.u32()? as usize;
        let b = self.take(n * 4)?;
        Ok(b.chunks_exact(4)
            .map(|c| f32::from_le_bytes([c[0], c[1], c[2], c[3]]))
            .collect())
    }
    pub fn quantized(&mut self) -> Result<Vec<f32>> {
        let scale = *self.f32s()?.first().context("missing scale")?;
        let n = self.u32()? as usize;
        let b = self.take(n * 2)?;
        Ok(b.chunks_exact(2)
            .map(|c| i16::from_le_bytes([c[0], c[1]]) as f32 * scale)
            .collect())
    }
    pub fn text(&mut self) -> Result<String> {
        let n = self.u32()? as usize;
        let path = self.path.display().to_string();
        let b = self.take(n)?.to_vec();
        String::from_utf8(b).map_err(|_| {
            anyhow::anyhow!("model file {path} has a text that is not UTF-8 (corrupt)")
        })
    }
    pub fn finish(self) -> Result<()> {
        if self.pos != self.buf.len() {
            bail!(
                "model file {} has trailing bytes (corrupt)",
                self.path.display()
            );
        }
        Ok(())
    }
}
