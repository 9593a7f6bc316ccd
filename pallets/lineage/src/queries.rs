//! Queries for the runtime API.
//!
//! An existence check reads the record (`get(..).is_some()`), never `contains_key` alone: a
//! node proves `contains_key` with the value's hash only, and a light client re-running the
//! call on that proof (smoldot reads the whole value) then cannot verify the answer.

use super::*;

/// A lineage graph being built, with the node cap enforced.
#[derive(Default)]
struct GraphBuilder {
	graph: LineageGraph,
	seen: BTreeSet<LineageNode>,
}

impl GraphBuilder {
	/// Adds `node` unless already there; says whether it was new. Over the cap is an error.
	fn node(&mut self, node: LineageNode) -> Result<bool, QueryError> {
		if self.seen.contains(&node) {
			return Ok(false);
		}
		let count = self.graph.nodes.len() as u32;
		if count >= MAX_GRAPH_NODES {
			return Err(QueryError::LimitTooLarge {
				requested: count.saturating_add(1),
				max: MAX_GRAPH_NODES,
			});
		}
		self.seen.insert(node);
		self.graph.nodes.push(node);
		Ok(true)
	}

	fn edge(&mut self, from: LineageNode, to: LineageNode, kind: EdgeKind) {
		self.graph.edges.push(LineageEdge { from, to, kind });
	}
}

fn check_depth(max_depth: u32) -> Result<(), QueryError> {
	if max_depth > MAX_GRAPH_DEPTH {
		Err(QueryError::LimitTooLarge { requested: max_depth, max: MAX_GRAPH_DEPTH })
	} else {
		Ok(())
	}
}

/// Queries for the runtime API. Each reads a bounded amount of state: graphs stop at
/// [`MAX_GRAPH_DEPTH`] model hops and [`MAX_GRAPH_NODES`] nodes, pages at
/// [`provenance_primitives::MAX_PAGE_SIZE`] items.
impl<T: Config> Pallet<T> {
	fn to_info(id: ModelId, record: ModelRecordOf<T>) -> ModelInfoOf<T> {
		let run = record.run;
		ModelInfo {
			id,
			owner: record.owner,
			weights_hash: record.weights_hash,
			name: record.name.into_inner(),
			version: record.version.into_inner(),
			uri: record.uri.into_inner(),
			license: record.license.into_inner(),
			card_hash: record.card_hash,
			policy: record.policy,
			status: record.status,
			created_at: record.created_at,
			deposit: record.deposit,
			run: TrainingRunInfo {
				trainer: run.trainer,
				kind: run.kind,
				parents: run.parents.into_inner(),
				inputs: run.inputs.into_inner(),
				purpose: run.purpose,
				config_hash: run.config_hash,
				code_hash: run.code_hash,
				compute_provider: run.compute_provider,
				at: run.at,
			},
			consent_basis: record.consent_basis.into_inner(),
			dispute: ModelDisputes::<T>::get(id),
		}
	}

	/// The model with this id.
	pub fn model_info(id: ModelId) -> Option<ModelInfoOf<T>> {
		Models::<T>::get(id).map(|record| Self::to_info(id, record))
	}

	/// What `model` came from: its parents through `DerivedFrom` edges up to `max_depth`
	/// model hops, and for every model reached its datasets (`TrainedOn`), the grants they
	/// were used under (`UsedGrant`) and the grants' datasets (`GrantOn`). Depth 0 is the
	/// model and its own inputs. Models at `max_depth` that have parents are the answer's
	/// `frontier`: the ancestry continues from them.
	pub fn ancestors(model: ModelId, max_depth: u32) -> Result<LineageGraph, QueryError> {
		check_depth(max_depth)?;
		ensure!(Models::<T>::get(model).is_some(), QueryError::UnknownModel(model));
		let mut g = GraphBuilder::default();
		g.node(LineageNode::Model(model))?;
		let mut queue = VecDeque::from([(model, 0u32)]);
		while let Some((id, depth)) = queue.pop_front() {
			let Some(record) = Models::<T>::get(id) else { continue };
			let from = LineageNode::Model(id);
			for input in record.run.inputs {
				let dataset = LineageNode::Dataset(input.dataset);
				let grant = LineageNode::Grant(input.grant);
				if g.node(dataset)? {
					Self::dataset_ancestry(&mut g, input.dataset)?;
				}
				g.edge(from, dataset, EdgeKind::TrainedOn(input.role));
				if g.node(grant)? {
					g.edge(grant, dataset, EdgeKind::GrantOn);
				}
				g.edge(from, grant, EdgeKind::UsedGrant);
			}
			if depth >= max_depth {
				if !record.run.parents.is_empty() {
					g.graph.frontier.push(id);
				}
			} else {
				for (parent, kind) in record.run.parents {
					if g.node(LineageNode::Model(parent))? {
						queue.push_back((parent, depth.saturating_add(1)));
					}
					g.edge(from, LineageNode::Model(parent), EdgeKind::DerivedFrom(kind));
				}
			}
		}
		Ok(g.graph)
	}

	/// Adds a dataset's derivation to the graph: the grants in its derivation basis
	/// (`DerivedUnder`) and its parents up to the root (`DatasetDerivedFrom`), stopping at a
	/// dataset already in the graph, whose ancestry is there. Bounded by the node cap.
	fn dataset_ancestry(g: &mut GraphBuilder, dataset: DatasetId) -> Result<(), QueryError> {
		for grant in T::Datasets::derivation_basis(dataset) {
			let node = LineageNode::Grant(grant);
			if g.node(node)? {
				// The grant's own dataset is an ancestor, reached by the walk below.
				if let Some(on) = T::Consent::grant_dataset(grant) {
					g.edge(node, LineageNode::Dataset(on), EdgeKind::GrantOn);
				}
			}
			g.edge(LineageNode::Dataset(dataset), node, EdgeKind::DerivedUnder);
		}
		let mut child = dataset;
		while let Some((parent, kind)) = T::Datasets::dataset_parent(child) {
			let new = g.node(LineageNode::Dataset(parent))?;
			g.edge(
				LineageNode::Dataset(child),
				LineageNode::Dataset(parent),
				EdgeKind::DatasetDerivedFrom(kind),
			);
			if !new {
				break;
			}
			child = parent;
		}
		Ok(())
	}

	/// What came from `root`, following `DerivedFrom` edges from parent to child for up to
	/// `max_depth` model hops from the first models:
	/// - from a model: the model itself;
	/// - from a dataset: the datasets derived from it at any depth (`DatasetDerivedFrom`
	///   edges), and the models whose own run used any of them (`TrainedOn` edges);
	/// - from a grant: every model whose consent basis holds it, directly, through a
	///   parent or through a derived dataset (`UsedGrant` edges) — every model its
	///   revocation taints — and every dataset derived under it (`DerivedUnder` edges).
	///
	/// Models at `max_depth` that have children are the answer's `frontier`.
	pub fn descendants(root: LineageNode, max_depth: u32) -> Result<LineageGraph, QueryError> {
		check_depth(max_depth)?;
		let mut g = GraphBuilder::default();
		let mut queue = VecDeque::new();
		match root {
			LineageNode::Model(id) => {
				ensure!(Models::<T>::get(id).is_some(), QueryError::UnknownModel(id));
				g.node(root)?;
				queue.push_back((id, 0u32));
			},
			LineageNode::Dataset(id) => {
				ensure!(T::Datasets::dataset_access(id).is_some(), QueryError::UnknownDataset(id));
				g.node(root)?;
				let mut datasets = VecDeque::from([id]);
				while let Some(dataset) = datasets.pop_front() {
					let node = LineageNode::Dataset(dataset);
					for (model, role) in DatasetModels::<T>::iter_prefix(dataset) {
						if g.node(LineageNode::Model(model))? {
							queue.push_back((model, 0));
						}
						g.edge(LineageNode::Model(model), node, EdgeKind::TrainedOn(role));
					}
					for child in T::Datasets::derived_datasets(dataset, MAX_GRAPH_NODES) {
						let kind = T::Datasets::dataset_parent(child)
							.map_or(DerivationKind::Subset, |(_, kind)| kind);
						if g.node(LineageNode::Dataset(child))? {
							datasets.push_back(child);
						}
						g.edge(
							LineageNode::Dataset(child),
							node,
							EdgeKind::DatasetDerivedFrom(kind),
						);
					}
				}
			},
			LineageNode::Grant(id) => {
				ensure!(T::Consent::purposes(id).is_some(), QueryError::UnknownGrant(id));
				g.node(root)?;
				for model in GrantModels::<T>::iter_key_prefix(id) {
					g.node(LineageNode::Model(model))?;
					g.edge(LineageNode::Model(model), root, EdgeKind::UsedGrant);
					queue.push_back((model, 0));
				}
				for dataset in T::Datasets::datasets_under_grant(id, MAX_GRAPH_NODES) {
					g.node(LineageNode::Dataset(dataset))?;
					g.edge(LineageNode::Dataset(dataset), root, EdgeKind::DerivedUnder);
				}
			},
		}
		while let Some((id, depth)) = queue.pop_front() {
			if depth >= max_depth {
				if Children::<T>::iter_prefix(id).next().is_some() {
					g.graph.frontier.push(id);
				}
				continue;
			}
			for (child, kind) in Children::<T>::iter_prefix(id) {
				if g.node(LineageNode::Model(child))? {
					queue.push_back((child, depth.saturating_add(1)));
				}
				g.edge(
					LineageNode::Model(child),
					LineageNode::Model(id),
					EdgeKind::DerivedFrom(kind),
				);
			}
		}
		Ok(g.graph)
	}

	/// Whether any grant in the model's consent basis has been revoked, and which, with the
	/// blocks they were revoked at.
	pub fn consent_status(model: ModelId) -> Result<ConsentStatus<BlockNumberFor<T>>, QueryError> {
		let record = Models::<T>::get(model).ok_or(QueryError::UnknownModel(model))?;
		let tainted: Vec<_> = record
			.consent_basis
			.into_iter()
			.filter_map(|grant| {
				T::Consent::revoked_at(grant).map(|revoked_at| TaintedGrant {
					grant,
					revoked_at,
					effect: T::Consent::revocation_effect(grant).unwrap_or_default(),
				})
			})
			.collect();
		Ok(if tainted.is_empty() { ConsentStatus::Clean } else { ConsentStatus::Tainted(tainted) })
	}

	/// The models whose consent basis holds `grant`, at most `limit` after the model
	/// `start_after`, in storage order (not id order). `next` is the cursor for the
	/// following page; a `limit` of 0 gives an empty page without one.
	pub fn impact(
		grant: GrantId,
		start_after: Option<ModelId>,
		limit: u32,
	) -> Result<Page<ModelId, ModelId>, QueryError> {
		let limit = check_page_size(limit)? as usize;
		ensure!(T::Consent::purposes(grant).is_some(), QueryError::UnknownGrant(grant));
		let mut models = match start_after {
			Some(after) => GrantModels::<T>::iter_key_prefix_from(
				grant,
				GrantModels::<T>::hashed_key_for(grant, after),
			),
			None => GrantModels::<T>::iter_key_prefix(grant),
		};
		let items: Vec<_> = models.by_ref().take(limit).collect();
		let next = match items.last() {
			Some(last) if items.len() == limit && models.next().is_some() => Some(*last),
			_ => None,
		};
		Ok(Page { items, next })
	}

	/// Indices `start..end` of a list numbered from 0 to `count`, for a page of `limit` after
	/// `start_after`, and the cursor for the following page.
	fn index_page(count: u32, start_after: Option<u32>, limit: u32) -> (u32, u32, Option<u32>) {
		let start = start_after.map_or(0, |after| after.saturating_add(1));
		let end = start.saturating_add(limit).min(count);
		let next = if end < count { end.checked_sub(1).filter(|_| limit > 0) } else { None };
		(start, end, next)
	}

	/// The evaluations of `model` in the order they were recorded, at most `limit` after
	/// index `start_after`. `next` is the cursor for the following page; a `limit` of 0
	/// gives an empty page without one.
	pub fn evaluations(
		model: ModelId,
		start_after: Option<u32>,
		limit: u32,
	) -> Result<Page<EvaluationInfoOf<T>, u32>, QueryError> {
		let limit = check_page_size(limit)?;
		ensure!(Models::<T>::get(model).is_some(), QueryError::UnknownModel(model));
		// Removed evaluations leave gaps: a page may hold fewer than `limit` items.
		let (start, end, next) =
			Self::index_page(NextEvaluationIndex::<T>::get(model), start_after, limit);
		let items = (start..end)
			.filter_map(|index| {
				Evaluations::<T>::get(model, index).map(|e| EvaluationInfo {
					index,
					evaluator: e.evaluator,
					dataset: e.dataset,
					metric: e.metric.into_inner(),
					value: e.value,
					evidence_hash: e.evidence_hash,
					at: e.at,
					deposit: e.deposit,
					accredited: e.accredited,
				})
			})
			.collect();
		Ok(Page { items, next })
	}

	/// The decision anchors of `model` in the order they were made, at most `limit` after
	/// index `start_after`. `next` as for [`Self::evaluations`].
	pub fn anchors(
		model: ModelId,
		start_after: Option<u32>,
		limit: u32,
	) -> Result<Page<AnchorInfoOf<T>, u32>, QueryError> {
		let limit = check_page_size(limit)?;
		ensure!(Models::<T>::get(model).is_some(), QueryError::UnknownModel(model));
		let (start, end, next) = Self::index_page(AnchorCount::<T>::get(model), start_after, limit);
		let items = (start..end)
			.filter_map(|index| {
				DecisionAnchors::<T>::get(model, index).map(|a| AnchorInfo {
					index,
					submitter: a.submitter,
					merkle_root: a.merkle_root,
					count: a.count,
					at: a.at,
					deposit: a.deposit,
				})
			})
			.collect();
		Ok(Page { items, next })
	}
}
