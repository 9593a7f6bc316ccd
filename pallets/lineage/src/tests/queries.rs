use super::*;
use LineageNode::{Dataset as D, Grant as G, Model as M};

fn edge(from: LineageNode, to: LineageNode, kind: EdgeKind) -> LineageEdge {
	LineageEdge { from, to, kind }
}

/// `a` pretrained on `in_a`; `b` fine-tuned from `a` on `in_b`; `c` quantized from `b`.
fn chain() -> (ModelId, ModelId, ModelId, TrainingInput, TrainingInput) {
	let (a, in_a) = pretrained(ALICE, 1);
	let in_b = TrainingInput { role: InputRole::Validation, ..consented(BOB, &[Training]) };
	let b = Reg::new(2).parents(&[(a, RunKind::FineTune)]).inputs(&[in_b]).ok(BOB);
	let mut quantize = Reg::new(3).parents(&[(b, RunKind::Quantize)]);
	quantize.kind = RunKind::Quantize;
	let c = quantize.ok(CHARLIE);
	(a, b, c, in_a, in_b)
}

#[test]
fn model_info() {
	build_and_execute(|| {
		let (_, b, _, in_a, in_b) = chain();
		let record = model(b);
		let info = Lineage::model_info(b).unwrap();
		assert_eq!(
			info,
			ModelInfo {
				id: b,
				owner: BOB,
				weights_hash: hash(2),
				name: b"gpt-mini".to_vec(),
				version: b"1.0".to_vec(),
				uri: b"ipfs://w".to_vec(),
				license: b"MIT".to_vec(),
				card_hash: CARD,
				policy: DerivativePolicy::Open,
				status: ModelStatus::Active,
				created_at: 1,
				deposit: record.deposit,
				run: TrainingRunInfo {
					trainer: BOB,
					kind: RunKind::FineTune,
					parents: vec![(0, RunKind::FineTune)],
					inputs: vec![in_b],
					purpose: Training,
					config_hash: CONFIG,
					code_hash: CODE,
					compute_provider: None,
					at: 1,
				},
				consent_basis: vec![in_a.grant, in_b.grant],
				dispute: None,
			}
		);
		assert_eq!(Lineage::model_info(9), None);
	});
}

#[test]
fn ancestors_by_depth() {
	build_and_execute(|| {
		let (a, b, c, in_a, in_b) = chain();
		assert_eq!(
			Lineage::ancestors(c, 0),
			Ok(LineageGraph { nodes: vec![M(c)], edges: vec![], frontier: vec![c] })
		);
		assert_eq!(
			Lineage::ancestors(b, 0),
			Ok(LineageGraph {
				nodes: vec![M(b), D(in_b.dataset), G(in_b.grant)],
				edges: vec![
					edge(M(b), D(in_b.dataset), EdgeKind::TrainedOn(InputRole::Validation)),
					edge(G(in_b.grant), D(in_b.dataset), EdgeKind::GrantOn),
					edge(M(b), G(in_b.grant), EdgeKind::UsedGrant),
				],
				frontier: vec![b],
			})
		);
		assert_eq!(
			Lineage::ancestors(c, 1),
			Ok(LineageGraph {
				nodes: vec![M(c), M(b), D(in_b.dataset), G(in_b.grant)],
				edges: vec![
					edge(M(c), M(b), EdgeKind::DerivedFrom(RunKind::Quantize)),
					edge(M(b), D(in_b.dataset), EdgeKind::TrainedOn(InputRole::Validation)),
					edge(G(in_b.grant), D(in_b.dataset), EdgeKind::GrantOn),
					edge(M(b), G(in_b.grant), EdgeKind::UsedGrant),
				],
				frontier: vec![b],
			})
		);
		let full = Lineage::ancestors(c, MAX_GRAPH_DEPTH).unwrap();
		assert_eq!(
			full.nodes,
			vec![M(c), M(b), D(in_b.dataset), G(in_b.grant), M(a), D(in_a.dataset), G(in_a.grant)]
		);
		assert_eq!(full.edges.len(), 2 + 3 + 3);
		assert!(full.edges.contains(&edge(M(b), M(a), EdgeKind::DerivedFrom(RunKind::FineTune))));
		// `a` has no parents: reaching it at the last hop leaves nothing beyond.
		assert_eq!(full.frontier, Vec::<ModelId>::new());
		assert_eq!(Lineage::ancestors(c, 2), Ok(full));
	});
}

/// A pretrained model and `generations` fine-tunes, each from the one before; oldest first.
fn fine_tune_chain(generations: u8) -> Vec<ModelId> {
	// Enough for every generation's deposit.
	<Balances as frame_support::traits::fungible::Mutate<u64>>::set_balance(&ALICE, 1_000_000);
	let (first, _) = pretrained(ALICE, 0);
	let mut chain = vec![first];
	for seed in 1..=generations {
		let parent = *chain.last().unwrap();
		chain.push(Reg::new(seed).parents(&[(parent, RunKind::FineTune)]).ok(ALICE));
	}
	chain
}

#[test]
fn a_lineage_deeper_than_the_depth_cap_is_never_silently_cut() {
	build_and_execute(|| {
		// 65 generations: twice the per-call depth cap, and one more.
		let chain = fine_tune_chain(64);
		let last = *chain.last().unwrap();
		let first = chain.first().copied().unwrap();
		let models = |g: &LineageGraph| -> Vec<ModelId> {
			g.nodes.iter().filter_map(|n| if let M(m) = n { Some(*m) } else { None }).collect()
		};

		let top = Lineage::ancestors(last, MAX_GRAPH_DEPTH).unwrap();
		assert_eq!(models(&top).len(), 33);
		let at_cap = chain[64 - 32];
		assert_eq!(top.frontier, vec![at_cap], "the answer says where it stopped");
		// Continuing from the frontier reaches the rest, and then says it is complete.
		let rest = Lineage::ancestors(at_cap, MAX_GRAPH_DEPTH).unwrap();
		assert_eq!(rest.frontier, Vec::<ModelId>::new());
		let mut all: BTreeSet<ModelId> = models(&top).into_iter().collect();
		all.extend(models(&rest));
		assert_eq!(all, chain.iter().copied().collect());
		// The consent basis, which registration keeps whole, agrees.
		assert_eq!(model(last).consent_basis.len(), 1);

		// A depth that ends exactly on the oldest model is complete.
		assert_eq!(Lineage::ancestors(chain[32], 32).unwrap().frontier, Vec::<ModelId>::new());
		assert_eq!(Lineage::ancestors(chain[33], 32).unwrap().frontier, vec![chain[1]]);

		// Descendants say the same from the other end.
		let down = Lineage::descendants(M(first), MAX_GRAPH_DEPTH).unwrap();
		assert_eq!(models(&down).len(), 33);
		assert_eq!(down.frontier, vec![chain[32]]);
		let down_rest = Lineage::descendants(M(chain[32]), MAX_GRAPH_DEPTH).unwrap();
		assert_eq!(down_rest.frontier, Vec::<ModelId>::new());
		assert_eq!(models(&down_rest).len(), 33);
		assert_eq!(Lineage::descendants(M(last), 0).unwrap().frontier, Vec::<ModelId>::new());
		assert_eq!(Lineage::descendants(M(chain[63]), 0).unwrap().frontier, vec![chain[63]]);
	});
}

#[test]
fn ancestors_list_a_shared_ancestor_once() {
	build_and_execute(|| {
		let (a, in_a) = pretrained(ALICE, 1);
		let left = Reg::new(2).parents(&[(a, RunKind::Adapter)]).ok(ALICE);
		let right = Reg::new(3).parents(&[(a, RunKind::Distill)]).ok(ALICE);
		let merged =
			Reg::new(4).parents(&[(left, RunKind::Merge), (right, RunKind::Merge)]).ok(ALICE);
		let graph = Lineage::ancestors(merged, 5).unwrap();
		assert_eq!(
			graph.nodes,
			vec![M(merged), M(left), M(right), M(a), D(in_a.dataset), G(in_a.grant)]
		);
		// merged->left, merged->right, left->a, right->a, and a's three.
		assert_eq!(graph.edges.len(), 7);
	});
}

#[test]
fn ancestors_errors() {
	build_and_execute(|| {
		let (a, _) = pretrained(ALICE, 1);
		assert_eq!(Lineage::ancestors(9, 1), Err(QueryError::UnknownModel(9)));
		assert_eq!(
			Lineage::ancestors(a, MAX_GRAPH_DEPTH + 1),
			Err(QueryError::LimitTooLarge { requested: MAX_GRAPH_DEPTH + 1, max: MAX_GRAPH_DEPTH })
		);
	});
}

#[test]
fn descendants_of_a_model() {
	build_and_execute(|| {
		let (a, b, c, _, _) = chain();
		assert_eq!(
			Lineage::descendants(M(a), 0),
			Ok(LineageGraph { nodes: vec![M(a)], edges: vec![], frontier: vec![a] })
		);
		assert_eq!(
			Lineage::descendants(M(a), 1),
			Ok(LineageGraph {
				nodes: vec![M(a), M(b)],
				edges: vec![edge(M(b), M(a), EdgeKind::DerivedFrom(RunKind::FineTune))],
				frontier: vec![b],
			})
		);
		assert_eq!(
			Lineage::descendants(M(a), 2),
			Ok(LineageGraph {
				nodes: vec![M(a), M(b), M(c)],
				edges: vec![
					edge(M(b), M(a), EdgeKind::DerivedFrom(RunKind::FineTune)),
					edge(M(c), M(b), EdgeKind::DerivedFrom(RunKind::Quantize)),
				],
				frontier: vec![],
			})
		);
	});
}

#[test]
fn descendants_of_a_dataset() {
	build_and_execute(|| {
		let (a, b, c, in_a, in_b) = chain();
		assert_eq!(
			Lineage::descendants(D(in_b.dataset), 0),
			Ok(LineageGraph {
				nodes: vec![D(in_b.dataset), M(b)],
				edges: vec![edge(
					M(b),
					D(in_b.dataset),
					EdgeKind::TrainedOn(InputRole::Validation)
				)],
				frontier: vec![b],
			})
		);
		let graph = Lineage::descendants(D(in_a.dataset), 5).unwrap();
		assert_eq!(graph.nodes, vec![D(in_a.dataset), M(a), M(b), M(c)]);
		assert_eq!(graph.edges.len(), 3);
		// A dataset no model used.
		let unused = add_dataset(DAVE);
		assert_eq!(
			Lineage::descendants(D(unused), 5),
			Ok(LineageGraph { nodes: vec![D(unused)], edges: vec![], frontier: vec![] })
		);
	});
}

#[test]
fn descendants_of_a_grant_are_every_model_it_taints() {
	build_and_execute(|| {
		let (a, b, c, in_a, _) = chain();
		let graph = Lineage::descendants(G(in_a.grant), 0).unwrap();
		assert_eq!(graph.nodes.len(), 4);
		assert_eq!(graph.nodes[0], G(in_a.grant));
		for m in [a, b, c] {
			assert!(graph.nodes.contains(&M(m)));
			assert!(graph.edges.contains(&edge(M(m), G(in_a.grant), EdgeKind::UsedGrant)));
		}
		assert_eq!(graph.edges.len(), 3);
		// The tainted models are all listed, but their children were not followed.
		let mut frontier = graph.frontier.clone();
		frontier.sort();
		assert_eq!(frontier, vec![a, b]);
		// One more hop adds the derivations between them, and no new nodes.
		let graph = Lineage::descendants(G(in_a.grant), 1).unwrap();
		assert_eq!(graph.nodes.len(), 4);
		assert_eq!(graph.edges.len(), 5);
		assert_eq!(graph.frontier, Vec::<ModelId>::new());
	});
}

#[test]
fn descendants_errors() {
	build_and_execute(|| {
		let (a, _) = pretrained(ALICE, 1);
		assert_eq!(Lineage::descendants(M(9), 1), Err(QueryError::UnknownModel(9)));
		assert_eq!(Lineage::descendants(D(99), 1), Err(QueryError::UnknownDataset(99)));
		assert_eq!(Lineage::descendants(G(99), 1), Err(QueryError::UnknownGrant(99)));
		assert_eq!(
			Lineage::descendants(M(a), MAX_GRAPH_DEPTH + 1),
			Err(QueryError::LimitTooLarge { requested: MAX_GRAPH_DEPTH + 1, max: MAX_GRAPH_DEPTH })
		);
	});
}

#[test]
fn graphs_stop_at_the_node_cap() {
	build_and_execute(|| {
		Balances::set_balance(&ALICE, 1_000_000);
		let input = consented(ALICE, &[Training]);
		// With the dataset, exactly the cap.
		for n in 1..MAX_GRAPH_NODES {
			let mut reg = Reg::new(0).inputs(&[input]);
			reg.weights = H256::from_low_u64_be(n.into());
			reg.ok(ALICE);
		}
		assert_eq!(
			Lineage::descendants(D(input.dataset), 0).unwrap().nodes.len() as u32,
			MAX_GRAPH_NODES
		);
		let mut reg = Reg::new(0).inputs(&[input]);
		reg.weights = H256::from_low_u64_be(0);
		reg.ok(ALICE);
		let over =
			Err(QueryError::LimitTooLarge { requested: MAX_GRAPH_NODES + 1, max: MAX_GRAPH_NODES });
		assert_eq!(Lineage::descendants(D(input.dataset), 0), over);
		assert_eq!(Lineage::descendants(G(input.grant), 0), over);
	});
}

#[test]
fn consent_status() {
	build_and_execute(|| {
		let (a, b, c, in_a, in_b) = chain();
		for m in [a, b, c] {
			assert_eq!(Lineage::consent_status(m), Ok(ConsentStatus::Clean));
		}
		revoke_grant(in_b.grant, 5);
		assert_eq!(Lineage::consent_status(a), Ok(ConsentStatus::Clean));
		set_grant_terms(in_b.grant, DerivativeScope::Anyone, RevocationEffect::NoNewTraining, None);
		let tainted = ConsentStatus::Tainted(vec![TaintedGrant {
			grant: in_b.grant,
			revoked_at: 5,
			effect: RevocationEffect::NoNewTraining,
		}]);
		assert_eq!(Lineage::consent_status(b), Ok(tainted.clone()));
		assert_eq!(Lineage::consent_status(c), Ok(tainted));
		revoke_grant(in_a.grant, 7);
		assert_eq!(
			Lineage::consent_status(c),
			Ok(ConsentStatus::Tainted(vec![
				TaintedGrant {
					grant: in_a.grant,
					revoked_at: 7,
					effect: RevocationEffect::StopUse
				},
				TaintedGrant {
					grant: in_b.grant,
					revoked_at: 5,
					effect: RevocationEffect::NoNewTraining
				},
			]))
		);
		assert_eq!(Lineage::consent_status(9), Err(QueryError::UnknownModel(9)));
	});
}

#[test]
fn impact_pages_through_every_tainted_model() {
	build_and_execute(|| {
		let (a, b, c, in_a, in_b) = chain();
		let mut seen = vec![];
		let mut cursor = None;
		loop {
			let page = Lineage::impact(in_a.grant, cursor, 2).unwrap();
			assert!(page.items.len() <= 2);
			seen.extend(page.items);
			match page.next {
				Some(next) => cursor = Some(next),
				None => break,
			}
		}
		seen.sort();
		assert_eq!(seen, vec![a, b, c]);
		let mut all = Lineage::impact(in_b.grant, None, MAX_PAGE_SIZE).unwrap();
		assert_eq!(all.next, None);
		all.items.sort();
		assert_eq!(all.items, vec![b, c]);
		assert_eq!(Lineage::impact(in_a.grant, None, 0), Ok(Page { items: vec![], next: None }));
		// A grant no model used.
		let unused = consented(ALICE, &[Training]);
		assert_eq!(Lineage::impact(unused.grant, None, 10), Ok(Page { items: vec![], next: None }));
	});
}

#[test]
fn impact_errors() {
	build_and_execute(|| {
		assert_eq!(Lineage::impact(99, None, 10), Err(QueryError::UnknownGrant(99)));
		assert_eq!(
			Lineage::impact(99, None, MAX_PAGE_SIZE + 1),
			Err(QueryError::PageTooLarge { requested: MAX_PAGE_SIZE + 1, max: MAX_PAGE_SIZE })
		);
	});
}

#[test]
fn evaluations_page_in_order() {
	build_and_execute(|| {
		let (m, _) = pretrained(ALICE, 1);
		accredit(&[BOB, CHARLIE]);
		assert_ok!(evaluate(BOB, m, None));
		run_to_block(2);
		assert_ok!(evaluate(CHARLIE, m, None));
		let page = Lineage::evaluations(m, None, 1).unwrap();
		assert_eq!(
			page.items,
			vec![EvaluationInfo {
				index: 0,
				evaluator: BOB,
				dataset: None,
				metric: b"accuracy".to_vec(),
				value: 912_300,
				evidence_hash: EVIDENCE,
				at: 1,
				deposit: EVALUATION_DEPOSIT,
				accredited: true,
			}]
		);
		assert_eq!(page.next, Some(0));
		let page = Lineage::evaluations(m, Some(0), 1).unwrap();
		assert_eq!(
			page.items.iter().map(|e| (e.index, e.evaluator, e.at)).collect::<Vec<_>>(),
			vec![(1, CHARLIE, 2)]
		);
		assert_eq!(page.next, None);
		assert_eq!(Lineage::evaluations(m, None, 10).unwrap().items.len(), 2);
		assert_eq!(Lineage::evaluations(m, None, 0), Ok(Page { items: vec![], next: None }));
		assert_eq!(Lineage::evaluations(9, None, 1), Err(QueryError::UnknownModel(9)));
		assert_eq!(
			Lineage::evaluations(m, None, MAX_PAGE_SIZE + 1),
			Err(QueryError::PageTooLarge { requested: MAX_PAGE_SIZE + 1, max: MAX_PAGE_SIZE })
		);
	});
}

#[test]
fn anchors_page_in_order() {
	build_and_execute(|| {
		let (m, _) = pretrained(ALICE, 1);
		assert_ok!(anchor(ALICE, m, 10));
		assert_ok!(anchor(ALICE, m, 20));
		let page = Lineage::anchors(m, None, 1).unwrap();
		assert_eq!(
			page.items,
			vec![AnchorInfo {
				index: 0,
				submitter: ALICE,
				merkle_root: ROOT,
				count: 10,
				at: 1,
				deposit: ANCHOR_DEPOSIT,
			}]
		);
		assert_eq!(page.next, Some(0));
		let page = Lineage::anchors(m, Some(0), 5).unwrap();
		assert_eq!(
			page.items.iter().map(|a| (a.index, a.count)).collect::<Vec<_>>(),
			vec![(1, 20)]
		);
		assert_eq!(page.next, None);
		assert_eq!(Lineage::anchors(9, None, 1), Err(QueryError::UnknownModel(9)));
		assert_eq!(
			Lineage::anchors(m, None, MAX_PAGE_SIZE + 1),
			Err(QueryError::PageTooLarge { requested: MAX_PAGE_SIZE + 1, max: MAX_PAGE_SIZE })
		);
	});
}
