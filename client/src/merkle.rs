//! The Merkle tree of a decision log, so that one decision can be proved part of an anchored
//! batch without revealing the others.
//!
//! A log is a JSONL file: one decision per non-empty line, in order; a trailing `\r` is not
//! part of a line. Leaves and nodes are BLAKE2b-256 with a domain byte, as in RFC 6962, so
//! that a leaf can never pass for a node:
//!
//! - leaf = H(0x00 ‖ line bytes)
//! - node = H(0x01 ‖ left ‖ right)
//! - a level with an odd count carries its last hash up unchanged.
//!
//! `anchor_decisions(model, root, count)` records the root and the count on chain.

use anyhow::{bail, Result};
use blake2::{digest::consts::U32, Blake2b, Digest};
use serde::{Deserialize, Serialize};

type Blake2b256 = Blake2b<U32>;

fn hash(domain: u8, parts: &[&[u8]]) -> [u8; 32] {
	let mut h = Blake2b256::new();
	h.update([domain]);
	for p in parts {
		h.update(p);
	}
	h.finalize().into()
}

/// The decisions of a JSONL log, in order.
pub fn lines(log: &str) -> Vec<&str> {
	log.lines()
		.map(|l| l.strip_suffix('\r').unwrap_or(l))
		.filter(|l| !l.trim().is_empty())
		.collect()
}

pub fn leaf(line: &str) -> [u8; 32] {
	hash(0, &[line.as_bytes()])
}

fn node(left: &[u8; 32], right: &[u8; 32]) -> [u8; 32] {
	hash(1, &[left, right])
}

/// Which side a proof step's sibling is on.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum Side {
	Left,
	Right,
}

/// A sibling on the path from a leaf to the root.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Step {
	pub side: Side,
	/// `0x` hex.
	pub hash: String,
}

/// Proof that the decision at `index` (0-based) of a log of `count` is under `root`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Proof {
	pub index: usize,
	pub count: usize,
	pub leaf: String,
	pub path: Vec<Step>,
	pub root: String,
}

fn hex32(h: &[u8; 32]) -> String {
	format!("0x{}", hex::encode(h))
}

fn parse32(s: &str) -> Result<[u8; 32]> {
	let bytes = hex::decode(s.trim_start_matches("0x"))?;
	match <[u8; 32]>::try_from(bytes) {
		Ok(b) => Ok(b),
		Err(_) => bail!("{s:?} is not a 32-byte hash"),
	}
}

/// The root of the leaves, and the levels above them (for proofs).
fn levels(leaves: Vec<[u8; 32]>) -> Vec<Vec<[u8; 32]>> {
	let mut levels = vec![leaves];
	while let Some(level) = levels.last() {
		if level.len() <= 1 {
			break;
		}
		let next = level
			.chunks(2)
			.map(|pair| match pair {
				[l, r] => node(l, r),
				[single] => *single,
				_ => [0; 32],
			})
			.collect();
		levels.push(next);
	}
	levels
}

/// The Merkle root of a log and its decision count. A log with no decisions has no root.
pub fn root(log: &str) -> Result<([u8; 32], usize)> {
	let leaves: Vec<_> = lines(log).into_iter().map(leaf).collect();
	let count = leaves.len();
	if count == 0 {
		bail!("the log holds no decisions");
	}
	let levels = levels(leaves);
	match levels.last().and_then(|l| l.first()) {
		Some(root) => Ok((*root, count)),
		None => bail!("the log holds no decisions"),
	}
}

/// The proof for the decision at `index`.
pub fn prove(log: &str, index: usize) -> Result<Proof> {
	let leaves: Vec<_> = lines(log).into_iter().map(leaf).collect();
	let count = leaves.len();
	let Some(leaf) = leaves.get(index).copied() else {
		bail!("the log holds {count} decisions; there is no decision {index} (counting from 0)");
	};
	let levels = levels(leaves);
	let mut path = Vec::new();
	let mut i = index;
	for level in &levels {
		if level.len() <= 1 {
			break;
		}
		let sibling = i ^ 1;
		if let Some(h) = level.get(sibling) {
			let side = if sibling < i { Side::Left } else { Side::Right };
			path.push(Step { side, hash: hex32(h) });
		}
		i /= 2;
	}
	let root = levels.last().and_then(|l| l.first()).copied().unwrap_or(leaf);
	Ok(Proof { index, count, leaf: hex32(&leaf), path, root: hex32(&root) })
}

/// Whether `decision` is under `root` by `path`.
pub fn verify(decision: &str, path: &[Step], root: &str) -> Result<bool> {
	let mut h = leaf(decision.strip_suffix('\r').unwrap_or(decision));
	for step in path {
		let sibling = parse32(&step.hash)?;
		h = match step.side {
			Side::Left => node(&sibling, &h),
			Side::Right => node(&h, &sibling),
		};
	}
	Ok(h == parse32(root)?)
}

#[cfg(test)]
mod tests {
	use super::*;

	fn log(n: usize) -> String {
		(0..n).map(|i| format!("{{\"decision\":{i}}}\n")).collect()
	}

	#[test]
	fn every_decision_of_every_size_proves() {
		for n in 1..=17 {
			let log = log(n);
			let (root, count) = root(&log).unwrap();
			assert_eq!(count, n);
			for (i, line) in lines(&log).into_iter().enumerate() {
				let p = prove(&log, i).unwrap();
				assert_eq!(p.root, hex32(&root));
				assert!(verify(line, &p.path, &p.root).unwrap(), "n={n} i={i}");
				// Another decision does not pass with this path.
				assert!(!verify("{\"decision\":-1}", &p.path, &p.root).unwrap());
			}
		}
	}

	#[test]
	fn a_node_cannot_pass_for_a_leaf() {
		let log = log(2);
		let (root, _) = root(&log).unwrap();
		let ls = lines(&log);
		let (a, b) = (leaf(ls[0]), leaf(ls[1]));
		// Presenting the concatenated children as a "decision" does not reproduce the root.
		let forged = format!("{}{}", String::from_utf8_lossy(&a), String::from_utf8_lossy(&b));
		assert!(!verify(&forged, &[], &hex32(&root)).unwrap());
	}

	#[test]
	fn blank_lines_and_crlf_do_not_count() {
		assert_eq!(root("a\r\n\nb\n").unwrap(), root("a\nb").unwrap());
		assert!(root("\n \n").is_err());
		assert!(prove("a\n", 1).is_err());
	}
}
