//! Reading a whole ancestry when the runtime answers at most a fixed number of model hops per
//! call. The runtime's `ancestors` says in its `frontier` which models it stopped at; an
//! [`AncestryWalk`] asks again from each of them until nothing is left, or until the depth the
//! caller asked for. The node's `lineage_exportProv` and the CLI's exports walk the same way,
//! so their documents hold the same models.

use std::collections::{BTreeSet, VecDeque};

use crate::ModelId;

/// A walk over a model's ancestry in runtime calls of at most `per_call` model hops.
///
/// Each model starts at most one call, and every call adds the starting model's parents, so a
/// walk makes at most as many calls as there are models, and stops with [`TooLarge`] once it
/// holds more than `max_nodes` nodes.
#[derive(Debug)]
pub struct AncestryWalk<N> {
	limit: Option<u32>,
	per_call: u32,
	max_nodes: usize,
	pending: VecDeque<(ModelId, u32)>,
	started: BTreeSet<ModelId>,
	seen: BTreeSet<N>,
	nodes: Vec<N>,
	frontier: Vec<ModelId>,
}

/// The next runtime call of a walk: `ancestors(model, depth)`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Call {
	pub model: ModelId,
	pub depth: u32,
	/// Model hops from the walk's root to `model`.
	from: u32,
}

/// The ancestry has more than this many nodes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct TooLarge {
	pub max: usize,
}

impl<N: Ord + Clone> AncestryWalk<N> {
	/// A walk from `root` for `limit` model hops, or the whole ancestry when `None`.
	pub fn new(root: ModelId, limit: Option<u32>, per_call: u32, max_nodes: usize) -> Self {
		Self {
			limit,
			per_call: per_call.max(1),
			max_nodes,
			pending: VecDeque::from([(root, 0)]),
			started: BTreeSet::new(),
			seen: BTreeSet::new(),
			nodes: Vec::new(),
			frontier: Vec::new(),
		}
	}

	/// The next call to make, or `None` when the walk is done.
	pub fn next_call(&mut self) -> Option<Call> {
		while let Some((model, from)) = self.pending.pop_front() {
			if !self.started.insert(model) {
				continue;
			}
			let left = self.limit.map_or(self.per_call, |limit| limit.saturating_sub(from));
			return Some(Call { model, depth: left.min(self.per_call), from });
		}
		None
	}

	/// Adds the answer to `call`: its nodes, and the models it stopped at.
	pub fn add(
		&mut self,
		call: Call,
		nodes: impl IntoIterator<Item = N>,
		frontier: impl IntoIterator<Item = ModelId>,
	) -> Result<(), TooLarge> {
		for node in nodes {
			if self.seen.insert(node.clone()) {
				if self.nodes.len() >= self.max_nodes {
					return Err(TooLarge { max: self.max_nodes });
				}
				self.nodes.push(node);
			}
		}
		let reached = call.from.saturating_add(call.depth);
		for model in frontier {
			if self.limit.is_some_and(|limit| reached >= limit) {
				if !self.frontier.contains(&model) {
					self.frontier.push(model);
				}
			} else {
				self.pending.push_back((model, reached));
			}
		}
		Ok(())
	}

	/// Every node reached, each once, in the order reached (the root first).
	pub fn nodes(&self) -> &[N] {
		&self.nodes
	}

	/// The models whose parents the walk left out because the caller's limit stopped it;
	/// empty when the walk holds the whole ancestry.
	pub fn frontier(&self) -> &[ModelId] {
		&self.frontier
	}

	pub fn into_parts(self) -> (Vec<N>, Vec<ModelId>) {
		(self.nodes, self.frontier)
	}
}

#[cfg(test)]
#[allow(clippy::arithmetic_side_effects)]
mod tests {
	use super::*;
	use std::collections::BTreeMap;

	/// A node of a toy lineage: models only, each with its parents.
	struct Chain(BTreeMap<ModelId, Vec<ModelId>>);

	impl Chain {
		/// `ancestors(model, depth)` as the runtime answers it.
		fn ancestors(&self, model: ModelId, depth: u32) -> (Vec<ModelId>, Vec<ModelId>) {
			let (mut nodes, mut frontier) = (vec![model], vec![]);
			let mut queue = VecDeque::from([(model, 0)]);
			while let Some((m, d)) = queue.pop_front() {
				let parents = self.0.get(&m).cloned().unwrap_or_default();
				if d >= depth {
					if !parents.is_empty() {
						frontier.push(m);
					}
					continue;
				}
				for p in parents {
					if !nodes.contains(&p) {
						nodes.push(p);
						queue.push_back((p, d + 1));
					}
				}
			}
			(nodes, frontier)
		}

		fn walk(
			&self,
			root: ModelId,
			limit: Option<u32>,
			max: usize,
		) -> Result<(Vec<ModelId>, Vec<ModelId>, usize), TooLarge> {
			let mut walk = AncestryWalk::new(root, limit, 32, max);
			let mut calls = 0;
			while let Some(call) = walk.next_call() {
				calls += 1;
				let (nodes, frontier) = self.ancestors(call.model, call.depth);
				walk.add(call, nodes, frontier)?;
			}
			let (nodes, frontier) = walk.into_parts();
			Ok((nodes, frontier, calls))
		}
	}

	/// Model `i` fine-tuned from `i - 1`, for `0..len`.
	fn line(len: u64) -> Chain {
		Chain((1..len).map(|i| (i, vec![i - 1])).collect())
	}

	#[test]
	fn a_deep_line_is_read_whole() {
		let (nodes, frontier, calls) = line(65).walk(64, None, 500).unwrap();
		assert_eq!(nodes.len(), 65);
		assert!(frontier.is_empty());
		assert_eq!(calls, 2);
		let (nodes, _, calls) = line(200).walk(199, None, 500).unwrap();
		assert_eq!(nodes.len(), 200);
		assert_eq!(calls, 7);
	}

	#[test]
	fn a_limit_is_kept_and_says_where_it_stopped() {
		let (nodes, frontier, calls) = line(65).walk(64, Some(40), 500).unwrap();
		assert_eq!(nodes.len(), 41);
		assert_eq!(frontier, vec![24]);
		assert_eq!(calls, 2);
		let (nodes, frontier, _) = line(65).walk(64, Some(0), 500).unwrap();
		assert_eq!((nodes, frontier), (vec![64], vec![64]));
		// A limit that ends on the oldest model leaves nothing out.
		let (_, frontier, _) = line(65).walk(64, Some(64), 500).unwrap();
		assert!(frontier.is_empty());
	}

	#[test]
	fn too_many_nodes_is_an_error_not_a_shorter_answer() {
		assert_eq!(line(600).walk(599, None, 500), Err(TooLarge { max: 500 }));
		assert!(line(500).walk(499, None, 500).is_ok());
	}

	#[test]
	fn shared_ancestors_are_read_once() {
		// Two lines of 40 that meet in one deep common ancestry of 40.
		let mut parents: BTreeMap<ModelId, Vec<ModelId>> =
			(1..40).map(|i| (i, vec![i - 1])).collect();
		parents.insert(100, vec![39]);
		parents.insert(200, vec![39]);
		parents.extend((101..140).map(|i| (i, vec![i - 1])));
		parents.extend((201..240).map(|i| (i, vec![i - 1])));
		parents.insert(1000, vec![139, 239]);
		let (nodes, frontier, calls) = Chain(parents).walk(1000, None, 500).unwrap();
		assert_eq!(nodes.len(), 1 + 40 + 40 + 40);
		assert!(frontier.is_empty());
		// Both lines stop at depth 32 and go on; the shared part is started from each but
		// its models are listed once.
		assert!(calls <= 4, "{calls} calls");
	}
}
