//! The picture of the `sample()` lineage and of a bigger one, checked by parsing the DOT back
//! and by reading the SVG.

// Test arithmetic is on small known values.
#![allow(clippy::arithmetic_side_effects)]

use std::collections::{BTreeMap, BTreeSet};

use layout::gv::parser::ast;
use layout::gv::DotParser;

use super::*;
use crate::tests::sample;
use crate::{Dataset, Grant, Input, Model, Parent, TaintedGrant};

/// Node ids, and edges with their attributes, of a DOT document, subgraphs included.
#[derive(Debug, Default)]
struct Parsed {
	nodes: BTreeMap<String, BTreeMap<String, String>>,
	edges: Vec<(String, String, BTreeMap<String, String>)>,
}

fn walk(graph: &ast::Graph, out: &mut Parsed) {
	for stmt in &graph.list.list {
		match stmt {
			ast::Stmt::Node(n) => {
				out.nodes.insert(n.id.name.clone(), n.list.list.iter().cloned().collect());
			},
			ast::Stmt::Edge(e) => {
				let mut from = e.from.name.clone();
				for (to, _) in &e.to {
					out.edges.push((
						from.clone(),
						to.name.clone(),
						e.list.list.iter().cloned().collect(),
					));
					from = to.name.clone();
				}
			},
			ast::Stmt::SubGraph(g) => walk(g, out),
			ast::Stmt::Attribute(_) => {},
		}
	}
}

/// Parses the lineage part of a DOT document (`layout-rs` reads no HTML-like labels, which
/// only the legend uses).
fn parse(dot: &str) -> Parsed {
	let (lineage, legend) = dot.split_once("\tsubgraph cluster_legend {").expect("a legend");
	assert!(legend.trim_end().ends_with("}\n}") && legend.contains("label=<"), "{legend}");
	let dot = format!("{lineage}}}\n");
	let dot = dot.as_str();
	let graph = DotParser::new(dot).process().unwrap_or_else(|e| panic!("bad DOT ({e}):\n{dot}"));
	let mut out = Parsed::default();
	walk(&graph, &mut out);
	out
}

/// The edges of the lineage itself (not the legend's): `(from, to, label)`.
fn lineage_edges(p: &Parsed) -> BTreeSet<(String, String, String)> {
	p.edges
		.iter()
		.filter(|(from, _, _)| !from.starts_with("legend_"))
		.map(|(from, to, attrs)| (from.clone(), to.clone(), attrs["label"].clone()))
		.collect()
}

fn e(from: &str, to: &str, label: &str) -> (String, String, String) {
	(from.into(), to.into(), label.into())
}

/// Every node and edge of `sample()`, as the DOT labels them.
fn sample_edges() -> BTreeSet<(String, String, String)> {
	BTreeSet::from([
		e("model_1", "model_0", "derivedFrom (FineTune)"),
		e("model_2", "model_1", "derivedFrom (Adapter)"),
		e("model_0", "dataset_1", "trainedOn (Train)\nunder grant 10 (revoked)"),
		e("model_0", "dataset_2", "trainedOn (Train)\nunder grant 11"),
		e("model_1", "dataset_3", "trainedOn (Train)\nunder grant 13"),
		e("model_2", "dataset_4", "trainedOn (Test)\nunder grant 14"),
		e("dataset_3", "dataset_1", "derivedFrom (Subset)"),
		e("dataset_3", "grant_12", "derivedUnder"),
		e("grant_10", "dataset_1", "grantOn"),
		e("grant_11", "dataset_2", "grantOn"),
		e("grant_12", "dataset_1", "grantOn"),
		e("grant_13", "dataset_3", "grantOn"),
		e("grant_14", "dataset_4", "grantOn"),
	])
}

const SAMPLE_NODES: [&str; 12] = [
	"model_0",
	"model_1",
	"model_2",
	"dataset_1",
	"dataset_2",
	"dataset_3",
	"dataset_4",
	"grant_10",
	"grant_11",
	"grant_12",
	"grant_13",
	"grant_14",
];

#[test]
fn escape_keeps_dot_strings_closed() {
	assert_eq!(escape(r#"x" -> "y"#), r#"x\" -> \"y"#);
	assert_eq!(escape(r"a\b"), r"a\\b");
	assert_eq!(escape(r"\N\G\l"), r"\\N\\G\\l");
	assert_eq!(escape("two\nlines\r\u{0}"), "two lines  ");
	assert_eq!(escape("ünïcødé 模型"), "ünïcødé 模型");
	// A trailing backslash must not escape the closing quote.
	assert_eq!(escape("end\\"), "end\\\\");
}

#[test]
fn xml_escape_keeps_svg_well_formed() {
	assert_eq!(
		xml_escape(r#"<a href="x">&'</a>"#),
		"&lt;a href=&quot;x&quot;&gt;&amp;&apos;&lt;/a&gt;"
	);
	assert_eq!(xml_escape("bell\u{7}nul\u{0}\u{FFFE}"), "bell nul \u{FFFD}");
	assert_eq!(clip(&"x".repeat(100)).chars().count(), MAX_LABEL_CHARS);
	assert_eq!(clip("short"), "short");
}

#[test]
fn dot_has_every_node_and_edge() {
	let dot = dot(&sample());
	let parsed = parse(&dot);
	for id in SAMPLE_NODES {
		assert!(parsed.nodes.contains_key(id), "no node {id} in\n{dot}");
	}
	assert_eq!(
		parsed.nodes.keys().filter(|k| !k.starts_with("legend_")).count(),
		SAMPLE_NODES.len()
	);
	assert_eq!(lineage_edges(&parsed), sample_edges());
	assert_eq!(parsed.nodes["model_2"]["label"], "model 2\nadapter 1.0\nroot, tainted");
	assert_eq!(parsed.nodes["dataset_3"]["label"], "dataset 3");
	assert_eq!(parsed.nodes["grant_10"]["label"], "grant 10\nrevoked at #9");
	assert_eq!(parsed.nodes["grant_11"]["label"], "grant 11\ndataset disputed");
	assert!(dot.starts_with("digraph lineage {") && dot.contains("rankdir=BT"));
	assert!(dot.contains("subgraph cluster_legend {"));
	for caption in [
		"revoked grant (red, dashed)",
		"withdrawn model (grey, dashed)",
		"under a revoked grant",
		"the root model (double, bold border)",
	] {
		assert!(dot.contains(&format!(">{caption}</TD>")), "legend has no {caption}");
	}
	for shape in ["shape=box", "shape=cylinder", "shape=note"] {
		assert!(dot.contains(shape), "no {shape}");
	}
}

#[test]
fn marks_map_to_styles() {
	let mut l = sample();
	if let Some(m) = l.models.get_mut(&1) {
		m.status = "Withdrawn".into();
	}
	let parsed = parse(&dot(&l));
	let node = |id: &str| parsed.nodes[id].clone();
	// The root: tainted, emphasised.
	let root = node("model_2");
	assert_eq!(root["class"], "model root tainted");
	assert_eq!(root["fillcolor"], colour::TAINTED_FILL);
	assert_eq!(root["peripheries"], "2");
	assert!(root["style"].contains("bold"));
	// The revoked grant: red and dashed.
	let revoked = node("grant_10");
	assert_eq!(revoked["class"], "grant revoked");
	assert_eq!(revoked["color"], colour::REVOKED);
	assert_eq!(revoked["style"], "filled,dashed");
	// The withdrawn model: grey and dashed (and tainted, like every model here).
	let withdrawn = node("model_1");
	assert_eq!(withdrawn["class"], "model tainted withdrawn");
	assert_eq!(withdrawn["color"], colour::WITHDRAWN);
	assert_eq!(withdrawn["style"], "filled,dashed");
	assert!(withdrawn["label"].ends_with("tainted, withdrawn"));
	// The disputed dataset and the grant on it: purple borders.
	assert_eq!(node("dataset_2")["color"], colour::DISPUTED);
	assert_eq!(node("dataset_2")["class"], "dataset disputed");
	assert_eq!(node("grant_11")["color"], colour::DISPUTED);
	// Clean elements keep their kind's colours.
	let clean = node("dataset_4");
	assert_eq!(
		(clean["class"].as_str(), clean["fillcolor"].as_str()),
		("dataset", colour::DATASET_FILL)
	);
	assert_eq!(node("grant_14")["style"], "filled");
	// The edge through the revoked grant is red and dashed; the others are not.
	for (from, to, attrs) in parsed.edges.iter().filter(|(from, _, _)| !from.starts_with("legend_"))
	{
		let through_revoked = from == "model_0" && to == "dataset_1";
		assert_eq!(
			attrs.get("color").map(String::as_str) == Some(colour::REVOKED),
			through_revoked,
			"{from} -> {to}"
		);
		if through_revoked {
			assert_eq!(
				(attrs["style"].as_str(), attrs["class"].as_str()),
				("dashed", "trainedOn revoked")
			);
		}
	}

	let svg = svg(&l);
	let group = |id: &str| svg_group(&svg, id);
	let root = group("model_2");
	assert!(
		root.contains(r#"class="node model root tainted""#) && root.contains(colour::TAINTED_FILL)
	);
	let revoked = group("grant_10");
	assert!(revoked.contains(r#"class="node grant revoked""#), "{revoked}");
	assert!(
		revoked.contains(&format!(r#"stroke="{}""#, colour::REVOKED))
			&& revoked.contains("stroke-dasharray")
	);
	let withdrawn = group("model_1");
	assert!(
		withdrawn.contains("withdrawn")
			&& withdrawn.contains(&format!(r#"stroke="{}""#, colour::WITHDRAWN))
	);
	assert!(group("dataset_2").contains(&format!(r#"stroke="{}""#, colour::DISPUTED)));
	assert!(!group("dataset_4").contains("stroke-dasharray"));
	assert_eq!(svg.matches(r#"class="edge trainedOn revoked""#).count(), 1);
}

/// The `<g id="...">` element of a node, up to its end.
fn svg_group(svg: &str, id: &str) -> String {
	let start = svg.find(&format!("<g id=\"{id}\"")).unwrap_or_else(|| panic!("no {id}"));
	let rest = &svg[start..];
	rest[..rest.find("</g>").unwrap()].to_owned()
}

#[test]
fn svg_has_every_node_and_edge() {
	let l = sample();
	let svg = svg(&l);
	assert!(svg.starts_with("<?xml") && svg.contains("<svg xmlns=\"http://www.w3.org/2000/svg\""));
	well_formed(&svg);
	for id in SAMPLE_NODES {
		let group = svg_group(&svg, id);
		let text = id.replace('_', " ");
		assert!(group.contains(&format!("<title>{text}: ")), "no title for {id}");
		assert!(group.contains(&format!(">{text}</tspan>")), "no text for {id}");
	}
	assert!(svg_group(&svg, "model_2").contains(">adapter 1.0</tspan>"));
	assert!(svg_group(&svg, "grant_10").contains(">revoked at #9</tspan>"));
	let mut edges = BTreeSet::new();
	for part in svg.split("data-from=\"").skip(1) {
		let (from, rest) = part.split_once('"').unwrap();
		let to = rest.split("data-to=\"").nth(1).unwrap().split('"').next().unwrap();
		let title = rest.split("<title>").nth(1).unwrap().split("</title>").next().unwrap();
		edges.insert((from.to_owned(), to.to_owned(), title.to_owned()));
	}
	let want: BTreeSet<_> = sample_edges()
		.into_iter()
		.map(|(from, to, label)| {
			let rel = label.split(' ').next().unwrap().to_owned();
			let title = format!(
				"{} {rel} {}: {}",
				from.replace('_', " "),
				to.replace('_', " "),
				label.replace('\n', ", ")
			);
			(from, to, title)
		})
		.collect();
	assert_eq!(edges, want);
	// Every edge is drawn, and every label.
	assert_eq!(svg.matches("<g id=\"edge_").count(), want.len());
	assert_eq!(svg.matches("<g class=\"edge-label").count(), want.len());
	assert!(svg.contains(">under grant 10 (revoked)</tspan>"));
	// The caption and the legend.
	assert!(svg.contains("Lineage of model 2 (adapter 1.0) at block #12"));
	assert!(svg.contains("TAINTED: revoked grant 10 in the consent basis"));
	assert!(svg.contains("<g class=\"legend\"") && svg.contains(">Legend</text>"));
	for caption in [
		"revoked grant",
		"withdrawn model",
		"tainted (orange):",
		"the root model",
		"under a revoked grant",
	] {
		assert!(svg.contains(&format!(">{caption}</tspan>")), "legend has no {caption}");
	}
}

/// A small well-formedness check: tags balance, attributes are quoted, and `&` starts an
/// entity.
fn well_formed(svg: &str) {
	let mut stack: Vec<String> = Vec::new();
	let mut rest = svg;
	while let Some(lt) = rest.find('<') {
		check_text(&rest[..lt]);
		rest = &rest[lt..];
		let gt = rest.find('>').expect("unclosed tag");
		let tag = &rest[1..gt];
		rest = &rest[gt + 1..];
		if tag.starts_with('?') || tag.starts_with('!') {
			continue;
		}
		if let Some(name) = tag.strip_prefix('/') {
			assert_eq!(stack.pop().as_deref(), Some(name), "mismatched </{name}>");
			continue;
		}
		let name = tag.split_whitespace().next().unwrap().trim_end_matches('/').to_owned();
		assert!(
			name.chars().all(|c| c.is_ascii_alphanumeric() || c == '-' || c == ':'),
			"bad tag {name}"
		);
		// Attribute values hold no raw `<` and have balanced quotes.
		assert_eq!(tag.matches('"').count() % 2, 0, "unbalanced quotes in <{tag}>");
		let mut quoted = tag.split('"').skip(1).step_by(2);
		assert!(quoted.all(|v| !v.contains('<')), "raw < in <{tag}>");
		// No attribute twice.
		let names: Vec<&str> = tag
			.split('"')
			.step_by(2)
			.filter_map(|s| s.trim().strip_suffix('='))
			.map(|s| s.split_whitespace().last().unwrap_or(s))
			.collect();
		let unique: BTreeSet<&str> = names.iter().copied().collect();
		assert_eq!(unique.len(), names.len(), "an attribute twice in <{tag}>");
		check_text(tag);
		if !tag.ends_with('/') {
			stack.push(name);
		}
	}
	check_text(rest);
	assert!(stack.is_empty(), "unclosed {stack:?}");
}

fn check_text(text: &str) {
	for (i, _) in text.match_indices('&') {
		let entity = &text[i..text[i..].find(';').map_or(text.len(), |e| i + e + 1)];
		assert!(
			["&amp;", "&lt;", "&gt;", "&quot;", "&apos;"].contains(&entity),
			"bad entity {entity}"
		);
	}
	assert!(!text.chars().any(|c| c.is_control() && c != '\n' && c != '\t'), "control character");
}

#[test]
fn user_text_cannot_inject() {
	let mut l = sample();
	if let Some(m) = l.models.get_mut(&1) {
		m.name = r#"x" -> "y"#.into();
		m.version = "1.0\\\"];\n evil -> root [label=\"<script>&amp;</script>".into();
		m.owner = "<b>mallory</b> & co".into();
	}
	if let Some(d) = l.datasets.get_mut(&1) {
		d.uri = "ipfs://\"><script>alert(1)</script>".into();
	}
	let dot = dot(&l);
	let parsed = parse(&dot);
	assert_eq!(lineage_edges(&parsed), sample_edges(), "an edge was injected:\n{dot}");
	assert!(
		!parsed.nodes.contains_key("x")
			&& !parsed.nodes.contains_key("y")
			&& !parsed.nodes.contains_key("evil")
	);
	let label = &parsed.nodes["model_1"]["label"];
	assert_eq!(label, "model 1\nx\" -> \"y 1.0\\\"];  evil -> root [lab…\ntainted");
	assert!(parsed.nodes["model_1"]["tooltip"].contains("<b>mallory</b> & co"));

	let svg = svg(&l);
	well_formed(&svg);
	assert!(!svg.contains("<script>") && !svg.contains("<b>"));
	assert!(svg.contains("x&quot; -&gt; &quot;y 1.0"));
	assert!(svg.contains("&lt;b&gt;mallory&lt;/b&gt; &amp; co"));
	assert!(svg.contains("ipfs://&quot;&gt;&lt;script&gt;"));
}

#[test]
fn missing_elements_are_drawn_as_such() {
	let mut l = sample();
	l.models.remove(&0);
	l.grants.remove(&12);
	let parsed = parse(&dot(&l));
	assert_eq!(parsed.nodes["model_0"]["class"], "model missing");
	assert_eq!(parsed.nodes["model_0"]["label"], "model 0\nnot in this document");
	assert_eq!(parsed.nodes["grant_12"]["class"], "grant missing");
	assert!(lineage_edges(&parsed).contains(&e("model_1", "model_0", "derivedFrom (FineTune)")));
	let svg = svg(&l);
	assert!(svg_group(&svg, "model_0").contains("not in this document"));
}

#[test]
fn an_empty_lineage_still_draws() {
	let mut l = sample();
	l.models.clear();
	l.datasets.clear();
	l.grants.clear();
	l.tainted.clear();
	let svg = svg(&l);
	well_formed(&svg);
	assert!(svg.contains("consent basis clean") && svg.contains(">Legend</text>"));
	let parsed = parse(&dot(&l));
	assert!(lineage_edges(&parsed).is_empty());
}

/// Three generations: base models 0 and 5; model 1 fine-tuned from 0, model 6 distilled from
/// 0 and 5 (withdrawn); the root 2 merges 1 and 6. Ten datasets, two of them derived; a
/// grant per use, grant 10 on dataset 1 revoked; dataset 8 and model 6 disputed.
pub(crate) fn big() -> Lineage {
	let mut l = sample();
	let model_proto = l.models[&0].clone();
	let dataset_proto = l.datasets[&4].clone();
	let grant_proto = l.grants[&14].clone();
	let input = |dataset, role: &str, grant| Input { dataset, role: role.into(), grant };
	let parent = |model, kind: &str| Parent { model, kind: kind.into() };
	let model =
		|name: &str, kind: &str, parents: Vec<Parent>, inputs: Vec<Input>, basis: Vec<u64>| {
			let mut m = Model { name: name.into(), consent_basis: basis, ..model_proto.clone() };
			m.run.kind = kind.into();
			m.run.parents = parents;
			m.run.inputs = inputs;
			m
		};
	l.models = BTreeMap::from([
		(
			0,
			model(
				"base-7b",
				"Pretrain",
				vec![],
				vec![input(1, "Train", 10), input(2, "Train", 11), input(5, "Validation", 15)],
				vec![10, 11, 15],
			),
		),
		(
			5,
			model(
				"code-base",
				"Pretrain",
				vec![],
				vec![input(6, "Train", 16), input(7, "Train", 17)],
				vec![16, 17],
			),
		),
		(
			1,
			model(
				"chat",
				"FineTune",
				vec![parent(0, "FineTune")],
				vec![input(3, "Train", 13), input(8, "Validation", 18)],
				vec![10, 11, 12, 13, 15, 18],
			),
		),
		(
			6,
			model(
				"coder-small",
				"Distill",
				vec![parent(0, "Distill"), parent(5, "Distill")],
				vec![input(9, "Train", 19)],
				vec![10, 11, 15, 16, 17, 19, 20],
			),
		),
		(
			2,
			model(
				"assistant",
				"Merge",
				vec![parent(1, "Merge"), parent(6, "Merge")],
				vec![input(4, "Test", 14), input(10, "Test", 21)],
				vec![10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21],
			),
		),
	]);
	if let Some(m) = l.models.get_mut(&6) {
		m.status = "Withdrawn".into();
		m.disputed = true;
	}
	let dataset = |parent: Option<(u64, &str)>, basis: Vec<u64>| Dataset {
		parent: parent.map(|(d, k)| (d, k.into())),
		derivation_basis: basis,
		..dataset_proto.clone()
	};
	l.datasets = BTreeMap::from([
		(1, dataset(None, vec![])),
		(2, dataset(None, vec![])),
		(3, dataset(Some((1, "Subset")), vec![12])),
		(4, dataset(None, vec![])),
		(5, dataset(None, vec![])),
		(6, dataset(None, vec![])),
		(7, dataset(None, vec![])),
		(8, dataset(None, vec![])),
		(9, dataset(Some((7, "Cleaned")), vec![20])),
		(10, dataset(None, vec![])),
	]);
	if let Some(d) = l.datasets.get_mut(&8) {
		d.disputed = true;
	}
	let grant = |dataset| Grant { dataset, ..grant_proto.clone() };
	l.grants = [
		(10, 1),
		(11, 2),
		(12, 1),
		(13, 3),
		(14, 4),
		(15, 5),
		(16, 6),
		(17, 7),
		(18, 8),
		(19, 9),
		(20, 7),
		(21, 10),
	]
	.into_iter()
	.map(|(g, d)| (g, grant(d)))
	.collect();
	if let Some(g) = l.grants.get_mut(&10) {
		g.revoked_at = Some(9);
	}
	if let Some(g) = l.grants.get_mut(&18) {
		g.dataset_disputed = true;
	}
	l.tainted = vec![TaintedGrant { grant: 10, revoked_at: 9, effect: "StopUse".into() }];
	l
}

#[test]
fn big_lineage_is_laid_out_without_overlaps() {
	let l = big();
	let p = Picture::new(&l);
	assert_eq!(p.nodes.len(), 5 + 10 + 12);
	let placed = layout_rs(&p);
	let boxes: Vec<(Pt, Pt)> = placed.nodes.iter().map(|b| b.expect("every node placed")).collect();
	assert!(placed.edges.iter().all(Option::is_some), "every edge drawn");
	assert_eq!(placed.labels.len(), p.edges.len());
	for (i, a) in boxes.iter().enumerate() {
		for (j, b) in boxes.iter().enumerate().skip(i + 1) {
			assert!(!overlap(*a, *b, 0.0), "{} overlaps {}", p.key(i), p.key(j));
		}
		for (c, text) in &placed.labels {
			assert!(!overlap(*a, label_box(*c, text), 0.0), "label {text:?} overlaps {}", p.key(i));
		}
	}
	for (i, (a, at)) in placed.labels.iter().enumerate() {
		for (b, bt) in placed.labels.iter().skip(i + 1) {
			assert!(
				!overlap(label_box(*a, at), label_box(*b, bt), 0.0),
				"label {at:?} overlaps {bt:?}"
			);
		}
	}
	// Ancestors sit above descendants: the root lowest of the models, datasets above.
	let y = |key: &str| boxes[p.nodes.iter().position(|n| n.key == key).unwrap()].0.y;
	assert!(
		y("model_2") > y("model_1") && y("model_1") > y("model_0") && y("model_0") > y("dataset_1")
	);
	let svg = svg(&l);
	well_formed(&svg);
	for key in p.nodes.iter().map(|n| n.key.as_str()) {
		assert!(svg.contains(&format!("<g id=\"{key}\"")), "no {key}");
	}
}

/// A pseudo-random lineage: `models` models in generations, each with up to two parents and
/// three inputs, datasets sometimes derived, grants sometimes revoked.
fn random(seed: u64, models: u64) -> Lineage {
	let mut state = seed.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1);
	let mut next = move |n: u64| {
		state =
			state.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1_442_695_040_888_963_407);
		(state >> 33) % n.max(1)
	};
	let mut l = big();
	let model_proto = l.models[&0].clone();
	let dataset_proto = l.datasets[&4].clone();
	let grant_proto = l.grants[&14].clone();
	l.models.clear();
	l.datasets.clear();
	l.grants.clear();
	let mut grant_id = 1000;
	for m in 0..models {
		let mut model = model_proto.clone();
		model.run.parents = (0..next(3).min(m))
			.map(|_| Parent { model: next(m), kind: "FineTune".into() })
			.collect();
		model.run.parents.dedup_by_key(|p| p.model);
		model.run.inputs.clear();
		for _ in 0..next(4) {
			let d = next(models * 2);
			if !l.datasets.contains_key(&d) {
				let mut dataset = dataset_proto.clone();
				if d > 0 && next(4) == 0 {
					let parent = next(d);
					dataset.parent = Some((parent, "Subset".into()));
					if let Some(g) =
						l.grants.iter().find(|(_, g)| g.dataset == parent).map(|(id, _)| *id)
					{
						dataset.derivation_basis = vec![g];
					}
				}
				l.datasets.insert(d, dataset);
			}
			grant_id += 1;
			let mut grant = Grant { dataset: d, ..grant_proto.clone() };
			if next(5) == 0 {
				grant.revoked_at = Some(3);
			}
			l.grants.insert(grant_id, grant);
			model.run.inputs.push(Input { dataset: d, role: "Train".into(), grant: grant_id });
		}
		model.consent_basis = model.run.inputs.iter().map(|i| i.grant).collect();
		l.models.insert(m, model);
	}
	l.root = models.saturating_sub(1);
	l
}

#[test]
fn layout_rs_copes_with_many_shapes() {
	for seed in 0..200 {
		let l = random(seed, 1 + seed % 12);
		let p = Picture::new(&l);
		let placed = catch_unwind(AssertUnwindSafe(|| layout_rs(&p)));
		assert!(placed.is_ok(), "layout-rs failed on seed {seed}");
		well_formed(&svg(&l));
	}
}

#[test]
fn the_fallback_layout_draws_everything() {
	let l = big();
	let p = Picture::new(&l);
	let placed = layered(&p);
	assert!(placed.nodes.iter().all(Option::is_some) && placed.edges.iter().all(Option::is_some));
	assert_eq!(placed.labels.len(), p.edges.len());
}

#[test]
fn a_large_lineage_renders_quickly() {
	let l = random(7, 150);
	let started = std::time::Instant::now();
	let svg = svg(&l);
	let took = started.elapsed();
	well_formed(&svg);
	assert!(took.as_secs() < 20, "{took:?}");
	eprintln!("{} elements in {took:?}", Picture::new(&l).nodes.len());
}

/// Writes the sample's and the big lineage's pictures to `$LINEAGE_PICTURES` (a folder), to
/// look at: `LINEAGE_PICTURES=/tmp cargo test -p provenance-export -- --ignored pictures`.
#[test]
#[ignore]
fn write_pictures() {
	let dir = std::env::var("LINEAGE_PICTURES").unwrap_or_else(|_| "/tmp".into());
	// The sample once grant 10 stands again, with model 1 withdrawn.
	let mut clean = sample();
	clean.tainted.clear();
	clean.grants.values_mut().for_each(|g| g.revoked_at = None);
	clean
		.models
		.values_mut()
		.filter(|m| m.name == "tuned")
		.for_each(|m| m.status = "Withdrawn".into());
	for (name, l) in [("sample", sample()), ("big", big()), ("clean", clean)] {
		std::fs::write(format!("{dir}/lineage-{name}.svg"), svg(&l)).unwrap();
		std::fs::write(format!("{dir}/lineage-{name}.dot"), dot(&l)).unwrap();
	}
}

#[test]
fn cycles_and_self_references_still_draw() {
	// Not something the chain records, but a document is only data.
	let mut l = sample();
	if let Some(d) = l.datasets.get_mut(&3) {
		d.derivation_basis.push(13);
	}
	if let Some(m) = l.models.get_mut(&1) {
		m.run.parents.push(Parent { model: 1, kind: "Merge".into() });
		m.run.parents.push(Parent { model: 2, kind: "Merge".into() });
	}
	let p = Picture::new(&l);
	let placed = catch_unwind(AssertUnwindSafe(|| layout_rs(&p)));
	assert!(placed.is_ok(), "layout-rs failed on a cycle");
	let svg = svg(&l);
	well_formed(&svg);
	assert_eq!(svg.matches("<g id=\"edge_").count(), p.edges.len());
	let edges = lineage_edges(&parse(&dot(&l)));
	assert!(edges.contains(&e("model_1", "model_1", "derivedFrom (Merge)")));
	assert!(edges.contains(&e("dataset_3", "grant_13", "derivedUnder")));
}
