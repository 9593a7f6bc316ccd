//! Every subcommand and what it does.

use std::{io::Write, path::PathBuf};

use anyhow::{bail, Context, Result};
use clap::{Args, Subcommand, ValueEnum};
use serde::Serialize;
use serde_json::json;
use subxt::utils::{AccountId32, H256};

use super::{output::show, parse, Cli, Command, Global};
use crate::{
	chain::{
		self,
		runtime_types::{
			bounded_collections::{bounded_btree_set::BoundedBTreeSet, bounded_vec::BoundedVec},
			pallet_consent::types::{CountryCode, GrantTerms, Grantee, LegalBasis},
			pallet_lineage::types::{DerivativePolicy, RunKind, TrainingInput},
			provenance_primitives::{
				DatasetRole, DerivationKind, DerivativeScope, Purpose, RevocationEffect,
				Sensitivity,
			},
			sp_arithmetic::per_things::Perbill,
		},
	},
	client::ss58_of,
	keys,
	manifest::Manifest,
	merkle,
	tx::{self, Receipt},
	AccountId, Balance, Client,
};
use provenance_rpc::lineage::Node;

fn bytes(s: &str) -> BoundedVec<u8> {
	BoundedVec(s.as_bytes().to_vec())
}

const ZERO: H256 = H256([0; 32]);

// ---------------------------------------------------------------------------------------
// Data owners: datasets

#[derive(Debug, Args)]
pub struct NewDataset {
	/// Hash of the dataset's content (0x, 32 bytes): it identifies the dataset.
	#[arg(long, value_parser = parse::hash)]
	content_hash: H256,
	/// Hash of its metadata document (datasheet).
	#[arg(long, value_parser = parse::hash, default_value = "0x0000000000000000000000000000000000000000000000000000000000000000")]
	metadata_hash: H256,
	/// Where the data (or its description) can be fetched.
	#[arg(long, default_value = "")]
	uri: String,
	/// SPDX licence id or expression.
	#[arg(long, default_value = "")]
	license: String,
	/// public, personal or special-category (GDPR art. 9).
	#[arg(long, value_parser = parse::sensitivity, default_value = "public")]
	sensitivity: Sensitivity,
	/// A contributor and their share of the dataset's royalties: ACCOUNT=PERCENT; repeat.
	#[arg(long = "contributor", value_parser = parse::contributor)]
	contributors: Vec<(AccountId32, Perbill)>,
}

#[derive(Debug, Subcommand)]
pub enum DatasetCmd {
	/// Register a dataset (holds a deposit from the signer).
	#[command(
		after_help = "Example:\n  provenance dataset register --suri //Alice --content-hash 0x… --uri ipfs://bafy… --license CC-BY-4.0 --contributor //Charlie=25"
	)]
	Register(NewDataset),
	/// Register a new version of a dataset you manage.
	#[command(
		after_help = "Example:\n  provenance dataset version 0 --suri //Alice --content-hash 0x…"
	)]
	Version {
		/// The dataset this is a new version of.
		parent: u64,
		#[command(flatten)]
		new: NewDataset,
	},
	/// Register a dataset derived from another (a subset, de-identified, augmented,
	/// merged); from someone else's, under a grant for `derivation`.
	#[command(
		after_help = "Example:\n  provenance dataset derive 0 --kind subset --suri //Bob --content-hash 0x…"
	)]
	Derive {
		/// The dataset it is derived from.
		parent: u64,
		/// subset, deidentified, augmented, merged or new-version.
		#[arg(long, value_parser = parse::derivation)]
		kind: DerivationKind,
		#[command(flatten)]
		new: NewDataset,
	},
	/// Change a dataset's metadata hash and URI.
	#[command(
		after_help = "Example:\n  provenance dataset update 0 --suri //Alice --metadata-hash 0x… --uri ipfs://…"
	)]
	Update {
		id: u64,
		#[arg(long, value_parser = parse::hash)]
		metadata_hash: H256,
		#[arg(long)]
		uri: String,
	},
	/// Replace a dataset's contributors (ACCOUNT=PERCENT, repeat; none clears them).
	#[command(
		after_help = "Example:\n  provenance dataset contributors 0 --suri //Alice --contributor //Charlie=60 --contributor //Dave=40"
	)]
	Contributors {
		id: u64,
		#[arg(long = "contributor", value_parser = parse::contributor)]
		contributors: Vec<(AccountId32, Perbill)>,
	},
	/// Let an account manage a dataset's consent for you, or (--clear) stop.
	#[command(after_help = "Example:\n  provenance dataset delegate 0 //Ferdie --suri //Alice")]
	Delegate {
		id: u64,
		#[arg(value_parser = parse::account, required_unless_present = "clear")]
		delegate: Option<AccountId32>,
		#[arg(long, conflicts_with = "delegate")]
		clear: bool,
	},
	/// Offer a dataset to a new owner (they accept with `dataset accept`).
	#[command(after_help = "Example:\n  provenance dataset transfer 0 //Bob --suri //Alice")]
	Transfer {
		id: u64,
		#[arg(value_parser = parse::account)]
		new_owner: AccountId32,
	},
	/// Accept a dataset offered to you.
	#[command(after_help = "Example:\n  provenance dataset accept 0 --suri //Bob")]
	Accept { id: u64 },
	/// Withdraw a pending transfer offer.
	#[command(after_help = "Example:\n  provenance dataset cancel-transfer 0 --suri //Alice")]
	CancelTransfer { id: u64 },
	/// Show a dataset.
	#[command(after_help = "Example:\n  provenance dataset show 0 --at 42")]
	Show { id: u64 },
	/// List the datasets an account owns (the signer's, or --owner's). Reads every dataset
	/// record, so it is as slow as the registry is large.
	#[command(after_help = "Example:\n  provenance dataset list --owner //Alice")]
	List {
		#[arg(long, value_parser = parse::account)]
		owner: Option<AccountId32>,
	},
}

// ---------------------------------------------------------------------------------------
// Data owners: consent

#[derive(Debug, Subcommand)]
pub enum ConsentCmd {
	/// Grant consent to use a dataset: for purposes, to a grantee, until an expiry, under
	/// recorded terms (ISO/IEC TS 27560 fields).
	#[command(
		after_help = "Example:\n  provenance consent grant 0 --suri //Alice --grantee //Bob --purpose training --purpose fine-tuning \\\n    --expires-in 100000 --max-uses 10 --terms-hash 0x… --derivatives anyone --on-revoke stop-use \\\n    --legal-basis consent --jurisdiction DE"
	)]
	Grant(Box<GrantArgs>),
	/// Revoke a grant: every model trained under it, and their descendants, become tainted.
	#[command(after_help = "Example:\n  provenance consent revoke 3 --suri //Alice")]
	Revoke { grant: u64 },
	/// Log one use of a grant (by its grantee).
	#[command(
		after_help = "Example:\n  provenance consent record-access 3 --purpose training --job-hash 0x… --suri //Bob"
	)]
	RecordAccess {
		grant: u64,
		#[arg(long, value_parser = parse::purpose)]
		purpose: Purpose,
		#[arg(long, value_parser = parse::hash)]
		job_hash: H256,
	},
	/// Show a grant and its terms.
	#[command(after_help = "Example:\n  provenance consent show 3")]
	Show { grant: u64 },
	/// List grants: on a dataset (--dataset), to an account (--grantee), or on every
	/// dataset an owner holds (--owner; the signer's if nothing is given).
	#[command(
		after_help = "Example:\n  provenance consent list --dataset 0\n  provenance consent list --owner //Alice"
	)]
	List {
		#[arg(long, conflicts_with_all = ["grantee", "owner"])]
		dataset: Option<u64>,
		#[arg(long, value_parser = parse::account, conflicts_with = "owner")]
		grantee: Option<AccountId32>,
		#[arg(long, value_parser = parse::account)]
		owner: Option<AccountId32>,
	},
	/// Who used a grant, and when.
	#[command(after_help = "Example:\n  provenance consent access-log 3")]
	AccessLog { grant: u64 },
	/// Which models a revocation of the grant taints (or, once revoked, tainted). Compare
	/// before and after with --at.
	#[command(
		after_help = "Example:\n  provenance consent impact 3\n  provenance consent impact 3 --at 40"
	)]
	Impact { grant: u64 },
}

#[derive(Debug, Args)]
pub struct GrantArgs {
	/// The dataset.
	dataset: u64,
	/// Who may use it: an account, or `anyone`.
	#[arg(long)]
	grantee: String,
	/// A purpose it covers; repeat for several: training, fine-tuning, evaluation,
	/// inference, commercial, research, derivation.
	#[arg(long = "purpose", value_parser = parse::purpose, required = true)]
	purposes: Vec<Purpose>,
	/// The last block it is live at.
	#[arg(long, conflicts_with = "expires_in")]
	expires_at: Option<u32>,
	/// Blocks from the node's best block until it expires.
	#[arg(long)]
	expires_in: Option<u32>,
	/// How many uses it allows.
	#[arg(long)]
	max_uses: Option<u32>,
	/// Hash of the terms document the parties agreed.
	#[arg(long, value_parser = parse::hash, default_value = "0x0000000000000000000000000000000000000000000000000000000000000000")]
	terms_hash: H256,
	/// Who may build on models trained under it: grantee-only, no-one or anyone.
	#[arg(long, value_parser = parse::derivatives, default_value = "grantee-only")]
	derivatives: DerivativeScope,
	/// What revocation means for models already trained: stop-use or no-new-training.
	#[arg(long, value_parser = parse::on_revoke, default_value = "stop-use")]
	on_revoke: RevocationEffect,
	/// Pseudonymous hash of the data subject, for a grant by or for one person.
	#[arg(long, value_parser = parse::hash)]
	data_subject: Option<H256>,
	/// The data controller's account, if not the grantor.
	#[arg(long, value_parser = parse::account)]
	controller: Option<AccountId32>,
	/// consent, contract, legal-obligation, vital-interests, public-task,
	/// legitimate-interests (GDPR art. 6).
	#[arg(long, value_parser = parse::legal_basis, default_value = "consent")]
	legal_basis: LegalBasis,
	/// ISO 3166-1 alpha-2 country whose law governs it.
	#[arg(long, value_parser = parse::country)]
	jurisdiction: Option<[u8; 2]>,
	/// Hash of the privacy notice version shown to the data subject.
	#[arg(long, value_parser = parse::hash)]
	notice_version: Option<H256>,
}

// ---------------------------------------------------------------------------------------
// Trainers: models

#[derive(Debug, Args)]
pub struct RunArgs {
	/// Read the model and run from a TOML or JSON manifest (see docs/cli.md); flags are
	/// then not allowed.
	#[arg(long, value_name = "FILE", conflicts_with_all = ["weights_hash", "parents", "inputs"])]
	manifest: Option<PathBuf>,
	/// Hash of the weights (0x, 32 bytes).
	#[arg(long, value_parser = parse::hash, required_unless_present = "manifest")]
	weights_hash: Option<H256>,
	#[arg(long, default_value = "")]
	name: String,
	#[arg(long, default_value = "")]
	version: String,
	#[arg(long, default_value = "")]
	uri: String,
	#[arg(long, default_value = "")]
	license: String,
	#[arg(long, value_parser = parse::hash)]
	card_hash: Option<H256>,
	/// Who may derive from it: open, owner-only or royalty:<percent>.
	#[arg(long, value_parser = parse::policy, default_value = "open")]
	policy: DerivativePolicy,
	/// pretrain, fine-tune, adapter, merge, distill or quantize.
	#[arg(long, value_parser = parse::run_kind, default_value = "pretrain")]
	kind: RunKind,
	/// A parent model: MODEL[:KIND]; repeat.
	#[arg(long = "parent", value_parser = parse::parent)]
	parents: Vec<(u64, RunKind)>,
	/// A dataset used under a grant: DATASET:GRANT[:ROLE]; repeat.
	#[arg(long = "input", value_parser = parse::input)]
	inputs: Vec<(u64, u64, DatasetRole)>,
	/// The purpose every input's consent is checked for.
	#[arg(long, value_parser = parse::purpose, default_value = "training")]
	purpose: Purpose,
	#[arg(long, value_parser = parse::hash)]
	config_hash: Option<H256>,
	#[arg(long, value_parser = parse::hash)]
	code_hash: Option<H256>,
	#[arg(long, value_parser = parse::account)]
	compute_provider: Option<AccountId32>,
	/// Refuse registration if the parents' royalty share would start above this percent.
	#[arg(long, value_parser = parse::percent, default_value = "100")]
	max_parent_share: u32,
}

#[derive(Debug, Subcommand)]
pub enum ModelCmd {
	/// Register a model and its training run; refused unless every dataset anywhere in its
	/// ancestry was used under live consent for the purpose by someone allowed.
	///
	/// The call is charged up front for a consent basis as large as its parents' bases and
	/// inputs can make it (read from the chain) and refunded to the basis it writes.
	#[command(
		after_help = "Examples:\n  provenance model register --suri //Bob --weights-hash 0x… --name sentiment --kind fine-tune \\\n    --parent 0:fine-tune --input 3:7:train --purpose fine-tuning\n  provenance model register --suri //Bob --manifest run.toml"
	)]
	Register(Box<RunArgs>),
	/// Show a model, its run and its consent basis.
	#[command(after_help = "Example:\n  provenance model show 2")]
	Show { id: u64 },
	/// Record an evaluation (value in millionths: 912500 is 0.9125).
	#[command(
		after_help = "Example:\n  provenance model evaluate 2 --metric accuracy --value 912500 --evidence-hash 0x… --benchmark 4:9 --suri //Eve"
	)]
	Evaluate {
		model: u64,
		#[arg(long)]
		metric: String,
		#[arg(long, allow_negative_numbers = true)]
		value: i64,
		#[arg(long, value_parser = parse::hash)]
		evidence_hash: H256,
		/// The benchmark dataset and the grant it was used under: DATASET:GRANT.
		#[arg(long)]
		benchmark: Option<String>,
	},
	/// List a model's evaluations.
	#[command(after_help = "Example:\n  provenance model evaluations 2")]
	Evaluations { model: u64 },
	/// Anchor a decision log: computes its Merkle root locally and records root and count.
	#[command(
		after_help = "Example:\n  provenance model anchor 2 --log decisions.jsonl --suri //Bob"
	)]
	Anchor {
		model: u64,
		#[arg(long, value_name = "JSONL")]
		log: PathBuf,
	},
	/// List a model's decision anchors.
	#[command(after_help = "Example:\n  provenance model anchors 2")]
	Anchors { model: u64 },
}

// ---------------------------------------------------------------------------------------
// Decision logs, offline

#[derive(Debug, Subcommand)]
pub enum DecisionsCmd {
	/// The Merkle root and count of a JSONL decision log.
	#[command(after_help = "Example:\n  provenance decisions root decisions.jsonl")]
	Root { log: PathBuf },
	/// A proof that decision INDEX (from 0) is in the log; with --model and --anchor, also
	/// checks the root against that anchor on chain.
	#[command(
		after_help = "Example:\n  provenance decisions prove decisions.jsonl 41 --model 2 --anchor 0 > proof.json"
	)]
	Prove {
		log: PathBuf,
		index: usize,
		#[arg(long, requires = "anchor")]
		model: Option<u64>,
		#[arg(long, requires = "model")]
		anchor: Option<u32>,
	},
	/// Check a proof: that DECISION (one line, as logged) is under the proof's root.
	#[command(
		after_help = "Example:\n  provenance decisions verify proof.json '{\"id\":41,\"label\":\"approve\"}'"
	)]
	Verify { proof: PathBuf, decision: String },
}

// ---------------------------------------------------------------------------------------
// Auditors

#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum ExportFormat {
	/// W3C PROV-JSON.
	Prov,
	/// SPDX 3.0.1 JSON-LD (AI and Dataset profiles).
	Spdx,
	/// CycloneDX 1.6 JSON ML-BOM.
	Cyclonedx,
	/// The neutral lineage document every export is built from.
	Lineage,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum GraphFormat {
	Dot,
	Svg,
}

#[derive(Debug, Subcommand)]
pub enum LineageCmd {
	/// What a model came from: parent models, datasets and grants, with typed edges. A
	/// lineage deeper than --depth ends with the models to continue from.
	#[command(after_help = "Examples:\n  provenance lineage ancestors 2 --at 0x…\n  provenance \
	                        lineage ancestors 70 --depth 32   # then from each model it stopped at")]
	Ancestors {
		model: u64,
		/// Model hops to follow (at most 32, the runtime's cap per query).
		#[arg(long, default_value_t = 32)]
		depth: u32,
	},
	/// What came from a model, dataset or grant: model:ID, dataset:ID or grant:ID.
	#[command(after_help = "Example:\n  provenance lineage descendants dataset:0")]
	Descendants {
		root: String,
		/// Model hops to follow (at most 32, the runtime's cap per query).
		#[arg(long, default_value_t = 32)]
		depth: u32,
	},
	/// Whether any grant in a model's ancestry is revoked, and which.
	#[command(after_help = "Example:\n  provenance lineage status 2 --at 40")]
	Status { model: u64 },
	/// Every model a revocation of the grant taints.
	#[command(after_help = "Example:\n  provenance lineage impact 3")]
	Impact { grant: u64 },
	/// Export a model's lineage as PROV-JSON, SPDX 3 or CycloneDX.
	#[command(
		after_help = "Example:\n  provenance lineage export 2 --format cyclonedx -o model-2.cdx.json"
	)]
	Export {
		model: u64,
		#[arg(long, value_enum, default_value = "prov")]
		format: ExportFormat,
		#[arg(long, short, value_name = "FILE")]
		output: Option<PathBuf>,
		/// Model hops to include; the whole ancestry without it. A document cut short names
		/// the models whose parents it leaves out.
		#[arg(long)]
		depth: Option<u32>,
	},
	/// Draw a model's lineage (DOT or SVG), tainted, revoked, withdrawn and disputed
	/// elements coloured.
	#[command(after_help = "Example:\n  provenance lineage graph 2 --format svg -o lineage.svg")]
	Graph {
		model: u64,
		#[arg(long, value_enum, default_value = "svg")]
		format: GraphFormat,
		#[arg(long, short, value_name = "FILE")]
		output: Option<PathBuf>,
		/// Model hops to draw; the whole ancestry without it.
		#[arg(long)]
		depth: Option<u32>,
	},
}

// ---------------------------------------------------------------------------------------
// Contributors

#[derive(Debug, Subcommand)]
pub enum RewardsCmd {
	/// What an account (the signer's, or ACCOUNT) can claim.
	#[command(after_help = "Example:\n  provenance rewards claimable //Charlie")]
	Claimable {
		#[arg(value_parser = parse::account)]
		account: Option<AccountId32>,
	},
	/// Who a usage payment of AMOUNT to MODEL would pay, exactly (a dry run).
	#[command(after_help = "Example:\n  provenance rewards breakdown 2 10PROV")]
	Breakdown {
		model: u64,
		#[arg(value_parser = parse::amount)]
		amount: Balance,
	},
	/// Pay AMOUNT for using MODEL: split up its lineage on the terms fixed at registration.
	#[command(after_help = "Example:\n  provenance rewards pay 2 10PROV --suri //Dave")]
	Pay {
		model: u64,
		#[arg(value_parser = parse::amount)]
		amount: Balance,
	},
	/// Claim everything the signer has been credited.
	#[command(after_help = "Example:\n  provenance rewards claim --suri //Charlie")]
	Claim,
}

// ---------------------------------------------------------------------------------------

/// Runs a parsed command line.
pub async fn run(cli: Cli) -> Result<()> {
	let g = &cli.global;
	match cli.command {
		Command::Completions { shell } => {
			// Rendered first: clap_complete panics if writing to a closed pipe fails.
			let mut cmd = super::command();
			let mut script = Vec::new();
			clap_complete::generate(shell, &mut cmd, "provenance", &mut script);
			print_bytes(&script)
		},
		Command::Manpage => {
			let mut page = Vec::new();
			clap_mangen::Man::new(super::command()).render(&mut page)?;
			print_bytes(&page)
		},
		Command::Decisions(cmd) => decisions(g, cmd).await,
		Command::Explore(args) => {
			if g.at.is_some() {
				bail!("--at applies to one query; in the explorer, every page takes ?at=<block>");
			}
			let client = match &g.light {
				Some(_) => connect(g).await?,
				None => Client::connect_reconnecting(&g.url).await?,
			};
			crate::explore::serve(
				client,
				crate::explore::Options {
					listen: args.listen,
					concurrency: usize::from(args.concurrency),
					page_timeout: std::time::Duration::from_secs(args.page_timeout),
				},
			)
			.await
		},
		Command::Dataset(cmd) => dataset(g, cmd).await,
		Command::Consent(cmd) => consent(g, cmd).await,
		Command::Model(cmd) => model(g, cmd).await,
		Command::Lineage(cmd) => lineage(g, cmd).await,
		Command::Rewards(cmd) => rewards(g, cmd).await,
	}
}

async fn connect(g: &Global) -> Result<Client> {
	match &g.light {
		Some(spec) => {
			let text = std::fs::read_to_string(spec)
				.with_context(|| format!("cannot read the chain spec {}", spec.display()))?;
			let bar = spinner(g, "light client: syncing to the finalized head");
			let client = Client::light(&text).await;
			bar.finish_and_clear();
			client
		},
		None => Client::connect(&g.url).await,
	}
}

fn spinner(g: &Global, msg: &str) -> indicatif::ProgressBar {
	if g.quiet || g.json {
		return indicatif::ProgressBar::hidden();
	}
	let bar = indicatif::ProgressBar::new_spinner();
	bar.set_message(msg.to_string());
	bar.enable_steady_tick(std::time::Duration::from_millis(120));
	bar
}

fn no_at(g: &Global) -> Result<()> {
	if g.at.is_some() {
		bail!("--at applies to queries; transactions always build on the chain's head");
	}
	Ok(())
}

/// Signs and submits, then reports the receipt with `summary` built from it.
async fn send<Call: subxt::transactions::Payload>(
	g: &Global,
	client: &Client,
	call: Call,
	summary: impl FnOnce(&Receipt) -> String,
) -> Result<Receipt> {
	no_at(g)?;
	let signer = keys::signer(g.suri.as_deref(), g.key_file.as_deref())?;
	let receipt = tx::submit(client, &call, &signer, g.wait, g.quiet || g.json).await?;
	if g.json {
		println!("{}", serde_json::to_string_pretty(&receipt)?);
	} else {
		let state = if receipt.finalized { "finalized" } else { "in block" };
		println!("{} ({state} #{} {})", summary(&receipt), receipt.block_number, receipt.block);
	}
	Ok(receipt)
}

fn signer_account(g: &Global) -> Result<AccountId> {
	Ok(keys::account(&keys::signer(g.suri.as_deref(), g.key_file.as_deref())?))
}

/// The signer's account for a query that defaults to it; `hint` says what else to give
/// when no signer was given at all (a signer that fails says why, without the hint).
fn signer_account_or(g: &Global, hint: &str) -> Result<AccountId> {
	if g.suri.is_none() && g.key_file.is_none() {
		bail!("{hint}");
	}
	signer_account(g)
}

fn sdk_account(a: &AccountId32) -> AccountId {
	AccountId::new(a.0)
}

fn id_of(r: &Receipt, pallet: &str, event: &str, field: &str) -> String {
	tx::event_id(r, pallet, event, field).map_or_else(|| "?".into(), |id| id.to_string())
}

fn register_call(
	new: NewDataset,
	parent: Option<(u64, DerivationKind)>,
) -> impl subxt::transactions::Payload {
	chain::tx().datasets().register_dataset(
		new.content_hash,
		new.metadata_hash,
		bytes(&new.uri),
		bytes(&new.license),
		new.sensitivity,
		parent,
		BoundedVec(new.contributors),
	)
}

async fn dataset(g: &Global, cmd: DatasetCmd) -> Result<()> {
	let client = connect(g).await?;
	let registered = |r: &Receipt| {
		format!("registered dataset {}", id_of(r, "Datasets", "DatasetRegistered", "id"))
	};
	match cmd {
		DatasetCmd::Register(new) => {
			send(g, &client, register_call(new, None), registered).await?;
		},
		DatasetCmd::Version { parent, new } => {
			send(
				g,
				&client,
				register_call(new, Some((parent, DerivationKind::NewVersion))),
				registered,
			)
			.await?;
		},
		DatasetCmd::Derive { parent, kind, new } => {
			send(g, &client, register_call(new, Some((parent, kind))), registered).await?;
		},
		DatasetCmd::Update { id, metadata_hash, uri } => {
			let call = chain::tx().datasets().update_metadata(id, metadata_hash, bytes(&uri));
			send(g, &client, call, |_| format!("updated dataset {id}")).await?;
		},
		DatasetCmd::Contributors { id, contributors } => {
			let n = contributors.len();
			let call = chain::tx().datasets().set_contributors(id, BoundedVec(contributors));
			send(g, &client, call, |_| format!("dataset {id} has {n} contributors")).await?;
		},
		DatasetCmd::Delegate { id, delegate, clear: _ } => {
			let what =
				delegate.as_ref().map_or_else(|| "no delegate".into(), |d| format!("delegate {d}"));
			let call = chain::tx().datasets().set_delegate(id, delegate);
			send(g, &client, call, |_| format!("dataset {id} has {what}")).await?;
		},
		DatasetCmd::Transfer { id, new_owner } => {
			let to = new_owner.to_string();
			let call = chain::tx().datasets().transfer_ownership(id, new_owner);
			send(g, &client, call, |_| {
				format!("offered dataset {id} to {to}; they accept with `provenance dataset accept {id}`")
			})
			.await?;
		},
		DatasetCmd::Accept { id } => {
			send(g, &client, chain::tx().datasets().accept_ownership(id), |_| {
				format!("you own dataset {id}")
			})
			.await?;
		},
		DatasetCmd::CancelTransfer { id } => {
			let call = chain::tx().datasets().cancel_ownership_transfer(id);
			send(g, &client, call, |_| format!("withdrew the offer of dataset {id}")).await?;
		},
		DatasetCmd::Show { id } => {
			let at = client.at(g.at.as_ref()).await?;
			let d = at.dataset(id).await?;
			show(g.json, Some(&format!("dataset {id} at block #{}", at.number())), &d)?;
		},
		DatasetCmd::List { owner } => {
			let owner = match owner {
				Some(o) => sdk_account(&o),
				None => signer_account_or(g, "give --owner, or sign in with --suri/--key-file")?,
			};
			let at = client.at(g.at.as_ref()).await?;
			let ids = owned_datasets(&at, &owner).await?;
			let mut out = Vec::new();
			for id in ids {
				out.push(at.dataset(id).await?);
			}
			if g.json {
				show(true, None, &out)?;
			} else if out.is_empty() {
				println!("{} owns no datasets at block #{}", ss58_of(&owner), at.number());
			} else {
				println!("datasets of {} at block #{}", ss58_of(&owner), at.number());
				for d in out {
					println!("  {}  {}  {}  {}", d.id, d.status, d.license, d.uri);
				}
			}
		},
	}
	Ok(())
}

/// The ids of the datasets `owner` holds, by reading every dataset record.
async fn owned_datasets(at: &crate::AtBlock, owner: &AccountId) -> Result<Vec<u64>> {
	let entry = at.inner().storage().entry(chain::storage().datasets().datasets())?;
	let mut iter = entry.iter(()).await?;
	let mut ids = Vec::new();
	let want = AccountId32(owner.clone().into());
	while let Some(kv) = iter.next().await {
		let kv = kv?;
		let record = kv.value().decode()?;
		if record.owner == want {
			let (id,) = kv.key()?.decode()?;
			ids.push(id);
		}
	}
	ids.sort_unstable();
	Ok(ids)
}

async fn consent(g: &Global, cmd: ConsentCmd) -> Result<()> {
	let client = connect(g).await?;
	match cmd {
		ConsentCmd::Grant(a) => {
			let grantee = match a.grantee.trim() {
				"anyone" => Grantee::Anyone,
				who => Grantee::Account(parse::account(who).map_err(anyhow::Error::msg)?),
			};
			let expires_at = match (a.expires_at, a.expires_in) {
				(Some(at), _) => Some(at),
				(None, Some(blocks)) => {
					// From the chain's head: the finalized block can lag it by many blocks
					// (and by any number while finality stalls).
					let head =
						u32::try_from(client.best_number().await?).context("block number")?;
					Some(head.checked_add(blocks).context("--expires-in is too far")?)
				},
				(None, None) => None,
			};
			let mut purposes = a.purposes;
			purposes.sort_by_key(parse::purpose_rank);
			purposes.dedup_by_key(|p| parse::purpose_rank(p));
			let terms = GrantTerms {
				terms_hash: a.terms_hash,
				derivatives: a.derivatives,
				on_revoke: a.on_revoke,
				data_subject: a.data_subject,
				controller: a.controller,
				legal_basis: a.legal_basis,
				jurisdiction: a.jurisdiction.map(CountryCode),
				notice_version: a.notice_version,
			};
			let call = chain::tx().consent().grant_consent(
				a.dataset,
				grantee,
				BoundedBTreeSet(purposes),
				expires_at,
				a.max_uses,
				terms,
			);
			let dataset = a.dataset;
			send(g, &client, call, |r| {
				format!(
					"granted consent {} on dataset {dataset}",
					id_of(r, "Consent", "ConsentGranted", "grant")
				)
			})
			.await?;
		},
		ConsentCmd::Revoke { grant } => {
			send(g, &client, chain::tx().consent().revoke_consent(grant), |r| {
				let tainted = r
					.event("Consent", "ConsentRevoked")
					.and_then(|e| e.fields.get("tainted_models"))
					.and_then(|v| v.as_u64())
					.unwrap_or(0);
				format!("revoked grant {grant}; {tainted} models tainted")
			})
			.await?;
		},
		ConsentCmd::RecordAccess { grant, purpose, job_hash } => {
			let call = chain::tx().consent().record_access(grant, purpose, job_hash);
			send(g, &client, call, |_| format!("logged a use of grant {grant}")).await?;
		},
		ConsentCmd::Show { grant } => {
			let at = client.at(g.at.as_ref()).await?;
			let v = at.grant(grant).await?;
			show(g.json, Some(&format!("grant {grant} at block #{}", at.number())), &v)?;
		},
		ConsentCmd::List { dataset, grantee, owner } => {
			let at = client.at(g.at.as_ref()).await?;
			let grants = match (dataset, grantee) {
				(Some(d), _) => at.grants(Some(d), None).await?,
				(None, Some(who)) => at.grants(None, Some(&sdk_account(&who))).await?,
				(None, None) => {
					let owner = match owner {
						Some(o) => sdk_account(&o),
						None => signer_account_or(g, "give --dataset, --grantee or --owner, or sign in with --suri/--key-file")?,
					};
					let mut all = Vec::new();
					for id in owned_datasets(&at, &owner).await? {
						all.extend(at.grants(Some(id), None).await?);
					}
					all
				},
			};
			if g.json {
				show(true, None, &grants)?;
			} else {
				println!("{} grants at block #{}", grants.len(), at.number());
				for gr in grants {
					let who = gr.grantee.as_ref().map_or_else(|| "anyone".into(), ss58_of);
					let state = if gr.revoked_at.is_some() {
						"revoked"
					} else if gr.live {
						"live"
					} else {
						"not live"
					};
					let purposes: Vec<String> =
						gr.purposes.iter().map(|p| format!("{p:?}")).collect();
					println!(
						"  grant {}  dataset {}  to {who}  {}  {state}",
						gr.id,
						gr.dataset,
						purposes.join("+")
					);
				}
			}
		},
		ConsentCmd::AccessLog { grant } => {
			let at = client.at(g.at.as_ref()).await?;
			let log = at.access_log(grant).await?;
			if g.json {
				show(true, None, &log)?;
			} else if log.is_empty() {
				println!("grant {grant} has not been used (block #{})", at.number());
			} else {
				println!("uses of grant {grant} at block #{}", at.number());
				for a in log {
					println!(
						"  #{} block {}  {}  {:?}  job {:?}",
						a.index,
						a.at,
						ss58_of(&a.accessor),
						a.purpose,
						a.job_hash
					);
				}
			}
		},
		ConsentCmd::Impact { grant } => impact(g, &client, grant).await?,
	}
	Ok(())
}

async fn impact(g: &Global, client: &Client, grant: u64) -> Result<()> {
	let at = client.at(g.at.as_ref()).await?;
	let v = at.grant(grant).await?;
	let models = at.impact(grant).await?;
	#[derive(Serialize)]
	#[serde(rename_all = "camelCase")]
	struct Impact {
		grant: u64,
		block: u64,
		revoked: bool,
		models: Vec<u64>,
	}
	let out = Impact { grant, block: at.number(), revoked: v.revoked_at.is_some(), models };
	if g.json {
		return show(true, None, &out);
	}
	let verb = if out.revoked { "tainted" } else { "would taint" };
	println!(
		"revoking grant {grant} {verb} {} models at block #{}{}",
		out.models.len(),
		out.block,
		if out.models.is_empty() {
			String::new()
		} else {
			format!(": {}", out.models.iter().map(u64::to_string).collect::<Vec<_>>().join(", "))
		}
	);
	Ok(())
}

fn e<T>(r: Result<T, String>) -> Result<T> {
	r.map_err(anyhow::Error::msg)
}

/// A `register_model` call but for its `max_basis`, which is read from the chain.
struct RunCall {
	weights_hash: H256,
	name: String,
	version: String,
	uri: String,
	license: String,
	card_hash: H256,
	policy: DerivativePolicy,
	kind: RunKind,
	parents: Vec<(u64, RunKind)>,
	inputs: Vec<(u64, u64, DatasetRole)>,
	purpose: Purpose,
	config_hash: H256,
	code_hash: H256,
	compute_provider: Option<AccountId32>,
	max_parent_share: u32,
}

impl RunCall {
	/// The call, charged up front for a consent basis of at most `max_basis` grants.
	fn payload(self, max_basis: u32) -> impl subxt::transactions::Payload {
		chain::tx().lineage().register_model(
			self.weights_hash,
			bytes(&self.name),
			bytes(&self.version),
			bytes(&self.uri),
			bytes(&self.license),
			self.card_hash,
			self.policy,
			self.kind,
			BoundedVec(self.parents),
			BoundedVec(
				self.inputs
					.into_iter()
					.map(|(dataset, grant, role)| TrainingInput { dataset, role, grant })
					.collect(),
			),
			self.purpose,
			self.config_hash,
			self.code_hash,
			self.compute_provider,
			Perbill(self.max_parent_share),
			max_basis,
		)
	}
}

fn run_from_flags(a: RunArgs) -> Result<RunCall> {
	let (
		weights_hash,
		name,
		version,
		uri,
		license,
		card_hash,
		policy,
		kind,
		parents,
		inputs,
		purpose,
		config_hash,
		code_hash,
		compute_provider,
		max_parent_share,
	) = match a.manifest {
		Some(path) => {
			let m = Manifest::load(&path)?;
			let parents = m
				.parents
				.iter()
				.map(|p| Ok((p.model, e(parse::run_kind(&p.kind))?)))
				.collect::<Result<Vec<_>>>()?;
			let inputs = m
				.inputs
				.iter()
				.map(|i| Ok((i.dataset, i.grant, e(parse::role(&i.role))?)))
				.collect::<Result<Vec<_>>>()?;
			let opt_hash = |h: &Option<String>| -> Result<H256> {
				h.as_deref().map_or(Ok(ZERO), |h| e(parse::hash(h)))
			};
			let share = match m.max_parent_share {
				Some(p) => e(parse::percent(&p.to_string()))?,
				None => 1_000_000_000,
			};
			(
				e(parse::hash(&m.weights_hash))?,
				m.name,
				m.version,
				m.uri,
				m.license,
				opt_hash(&m.card_hash)?,
				e(parse::policy(&m.policy))?,
				e(parse::run_kind(&m.kind))?,
				parents,
				inputs,
				e(parse::purpose(&m.purpose))?,
				opt_hash(&m.config_hash)?,
				opt_hash(&m.code_hash)?,
				m.compute_provider
					.as_deref()
					.map(parse::account)
					.transpose()
					.map_err(anyhow::Error::msg)?,
				share,
			)
		},
		None => (
			a.weights_hash.context("give --weights-hash or --manifest")?,
			a.name,
			a.version,
			a.uri,
			a.license,
			a.card_hash.unwrap_or(ZERO),
			a.policy,
			a.kind,
			a.parents,
			a.inputs,
			a.purpose,
			a.config_hash.unwrap_or(ZERO),
			a.code_hash.unwrap_or(ZERO),
			a.compute_provider,
			a.max_parent_share,
		),
	};
	if parents.is_empty() && inputs.is_empty() {
		bail!("a run needs at least one --parent or --input");
	}
	Ok(RunCall {
		weights_hash,
		name,
		version,
		uri,
		license,
		card_hash,
		policy,
		kind,
		parents,
		inputs,
		purpose,
		config_hash,
		code_hash,
		compute_provider,
		max_parent_share,
	})
}

async fn model(g: &Global, cmd: ModelCmd) -> Result<()> {
	if let ModelCmd::Register(a) = cmd {
		let run = run_from_flags(*a)?;
		let client = connect(g).await?;
		let parents: Vec<u64> = run.parents.iter().map(|(id, _)| *id).collect();
		let datasets: Vec<u64> = run.inputs.iter().map(|(id, ..)| *id).collect();
		let max_basis = client.at(None).await?.basis_bound(&parents, &datasets).await?;
		let call = run.payload(max_basis);
		send(g, &client, call, |r| {
			format!("registered model {}", id_of(r, "Lineage", "ModelRegistered", "id"))
		})
		.await?;
		return Ok(());
	}
	let client = connect(g).await?;
	match cmd {
		ModelCmd::Register(_) => {},
		ModelCmd::Show { id } => {
			let at = client.at(g.at.as_ref()).await?;
			let m = at.model(id).await?;
			show(g.json, Some(&format!("model {id} at block #{}", at.number())), &m)?;
		},
		ModelCmd::Evaluate { model, metric, value, evidence_hash, benchmark } => {
			let benchmark = benchmark
				.map(|b| -> Result<(u64, u64)> {
					let (d, gr) =
						b.split_once(':').context("write --benchmark as DATASET:GRANT")?;
					Ok((
						d.trim().parse().context("benchmark dataset id")?,
						gr.trim().parse().context("benchmark grant id")?,
					))
				})
				.transpose()?;
			let call = chain::tx().lineage().record_evaluation(
				model,
				benchmark,
				bytes(&metric),
				value,
				evidence_hash,
			);
			send(g, &client, call, |r| {
				format!(
					"recorded evaluation {} of model {model}",
					id_of(r, "Lineage", "EvaluationRecorded", "index")
				)
			})
			.await?;
		},
		ModelCmd::Evaluations { model } => {
			let at = client.at(g.at.as_ref()).await?;
			show(
				g.json,
				Some(&format!("evaluations of model {model} at block #{}", at.number())),
				&at.evaluations(model).await?,
			)?;
		},
		ModelCmd::Anchor { model, log } => {
			let text = std::fs::read_to_string(&log)
				.with_context(|| format!("cannot read {}", log.display()))?;
			let (root, count) = merkle::root(&text)?;
			let count32 = u32::try_from(count).context("too many decisions for one anchor")?;
			let call = chain::tx().lineage().anchor_decisions(model, H256(root), count32);
			send(g, &client, call, |r| {
				format!(
					"anchored {count} decisions to model {model} as anchor {} (root 0x{})",
					id_of(r, "Lineage", "DecisionsAnchored", "index"),
					hex::encode(root)
				)
			})
			.await?;
		},
		ModelCmd::Anchors { model } => {
			let at = client.at(g.at.as_ref()).await?;
			show(
				g.json,
				Some(&format!("decision anchors of model {model} at block #{}", at.number())),
				&at.anchors(model).await?,
			)?;
		},
	}
	Ok(())
}

async fn decisions(g: &Global, cmd: DecisionsCmd) -> Result<()> {
	let read = |p: &PathBuf| {
		std::fs::read_to_string(p).with_context(|| format!("cannot read {}", p.display()))
	};
	match cmd {
		DecisionsCmd::Root { log } => {
			let (root, count) = merkle::root(&read(&log)?)?;
			let root = format!("0x{}", hex::encode(root));
			if g.json {
				println!("{}", json!({ "root": root, "count": count }));
			} else {
				println!("root {root} over {count} decisions");
			}
		},
		DecisionsCmd::Prove { log, index, model, anchor } => {
			let proof = merkle::prove(&read(&log)?, index)?;
			if let (Some(model), Some(anchor)) = (model, anchor) {
				let client = connect(g).await?;
				let at = client.at(g.at.as_ref()).await?;
				let anchors = at.anchors(model).await?;
				let a = anchors.iter().find(|a| a.index == anchor).with_context(|| {
					format!("model {model} has no anchor {anchor} at block #{}", at.number())
				})?;
				let on_chain = format!("{:?}", a.merkle_root);
				if on_chain != proof.root || usize::try_from(a.count).ok() != Some(proof.count) {
					bail!(
						"the log does not match anchor {anchor} of model {model}: it gives root {} over {} decisions, the chain holds {on_chain} over {}",
						proof.root, proof.count, a.count
					);
				}
			}
			// The proof is for machines either way: it is what `decisions verify` reads.
			println!("{}", serde_json::to_string_pretty(&proof)?);
		},
		DecisionsCmd::Verify { proof, decision } => {
			let p: merkle::Proof = serde_json::from_str(&read(&proof)?).with_context(|| {
				format!("{} is not a proof from `provenance decisions prove`", proof.display())
			})?;
			if !merkle::verify(&decision, &p.path, &p.root)? {
				bail!("the decision is NOT under root {}", p.root);
			}
			if g.json {
				println!("{}", json!({ "valid": true, "root": p.root, "index": p.index }));
			} else {
				println!("valid: decision {} of {} is under root {}", p.index, p.count, p.root);
			}
		},
	}
	Ok(())
}

fn node(s: &str) -> Result<Node> {
	let (kind, id) = s
		.split_once(':')
		.with_context(|| format!("{s:?}: write model:ID, dataset:ID or grant:ID"))?;
	let id: u64 = id.trim().parse().with_context(|| format!("{s:?}: {id:?} is not an id"))?;
	match kind.trim() {
		"model" => Ok(Node::Model(id)),
		"dataset" => Ok(Node::Dataset(id)),
		"grant" => Ok(Node::Grant(id)),
		other => bail!("{other:?} is not model, dataset or grant"),
	}
}

fn write_out(output: Option<&PathBuf>, text: &str) -> Result<()> {
	match output {
		Some(path) => {
			std::fs::write(path, text).with_context(|| format!("cannot write {}", path.display()))
		},
		None if text.ends_with('\n') => print_bytes(text.as_bytes()),
		None => print_bytes(format!("{text}\n").as_bytes()),
	}
}

/// Writes `bytes` to standard output. A reader that stopped early (`provenance … | head`)
/// ends the program quietly, with the status a SIGPIPE gives, as `main` does for `println!`.
fn print_bytes(bytes: &[u8]) -> Result<()> {
	let mut out = std::io::stdout().lock();
	match out.write_all(bytes).and_then(|()| out.flush()) {
		Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => std::process::exit(141),
		other => Ok(other?),
	}
}

async fn lineage(g: &Global, cmd: LineageCmd) -> Result<()> {
	let client = connect(g).await?;
	let at = client.at(g.at.as_ref()).await?;
	match cmd {
		LineageCmd::Ancestors { model, depth } => {
			let graph = at.ancestors(model, depth).await?;
			graph_out(g, &format!("ancestors of model {model}"), at.number(), &graph)?;
		},
		LineageCmd::Descendants { root, depth } => {
			let graph = at.descendants(node(&root)?, depth).await?;
			graph_out(g, &format!("descendants of {root}"), at.number(), &graph)?;
		},
		LineageCmd::Status { model } => {
			let status = at.consent_status(model).await?;
			if g.json {
				show(true, None, &status)?;
			} else if status.clean {
				println!(
					"model {model} is clean at block #{}: no grant in its ancestry is revoked",
					at.number()
				);
			} else {
				println!("model {model} is TAINTED at block #{}:", at.number());
				for t in &status.tainted {
					println!(
						"  grant {} revoked at block {} ({:?})",
						t.grant, t.revoked_at, t.effect
					);
				}
			}
		},
		LineageCmd::Impact { grant } => impact(g, &client, grant).await?,
		LineageCmd::Export { model, format, output, depth } => {
			let doc = at.lineage(model, depth).await?;
			let value = match format {
				ExportFormat::Prov => provenance_export::prov::document(&doc),
				ExportFormat::Spdx => provenance_export::spdx::document(&doc),
				ExportFormat::Cyclonedx => provenance_export::cyclonedx::document(&doc),
				ExportFormat::Lineage => serde_json::to_value(&doc)?,
			};
			write_out(output.as_ref(), &serde_json::to_string_pretty(&value)?)?;
			if let (Some(path), false) = (&output, g.json) {
				eprintln!(
					"wrote {} ({} models, {} datasets, {} grants at block #{})",
					path.display(),
					doc.models.len(),
					doc.datasets.len(),
					doc.grants.len(),
					doc.at.number
				);
			}
			for w in doc.warnings() {
				if !g.quiet && output.is_some() {
					eprintln!("warning: {w}");
				}
			}
		},
		LineageCmd::Graph { model, format, output, depth } => {
			let doc = at.lineage(model, depth).await?;
			let text = match format {
				GraphFormat::Dot => provenance_export::graph::dot(&doc),
				GraphFormat::Svg => provenance_export::graph::svg(&doc),
			};
			write_out(output.as_ref(), &text)?;
		},
	}
	Ok(())
}

fn graph_out(
	g: &Global,
	title: &str,
	block: u64,
	graph: &provenance_rpc::lineage::Graph,
) -> Result<()> {
	if g.json {
		return show(true, None, graph);
	}
	println!("{title} at block #{block}: {} nodes, {} edges", graph.nodes.len(), graph.edges.len());
	let name = |n: &Node| match n {
		Node::Model(id) => format!("model {id}"),
		Node::Dataset(id) => format!("dataset {id}"),
		Node::Grant(id) => format!("grant {id}"),
	};
	for e in &graph.edges {
		let detail = e.detail.as_ref().map_or_else(String::new, |d| format!(" ({d})"));
		println!("  {} --{}{detail}--> {}", name(&e.from), e.relation, name(&e.to));
	}
	if !graph.frontier.is_empty() {
		let models: Vec<String> = graph.frontier.iter().map(u64::to_string).collect();
		println!(
			"incomplete: stopped at the depth limit; continue from model {} (the same command \
			 with that model)",
			models.join(", model ")
		);
	}
	Ok(())
}

async fn rewards(g: &Global, cmd: RewardsCmd) -> Result<()> {
	let client = connect(g).await?;
	match cmd {
		RewardsCmd::Claimable { account } => {
			let who = match account {
				Some(a) => sdk_account(&a),
				None => signer_account_or(g, "give ACCOUNT, or sign in with --suri/--key-file")?,
			};
			let at = client.at(g.at.as_ref()).await?;
			let amount = at.claimable(&who).await?;
			if g.json {
				println!(
					"{}",
					json!({ "account": ss58_of(&who), "claimable": amount.to_string(), "block": at.number() })
				);
			} else {
				println!(
					"{} can claim {} at block #{}",
					ss58_of(&who),
					parse::prov(amount),
					at.number()
				);
			}
		},
		RewardsCmd::Breakdown { model, amount } => {
			let at = client.at(g.at.as_ref()).await?;
			let b = at.breakdown(model, amount).await?;
			if g.json {
				return show(true, None, &b);
			}
			println!(
				"paying {} for model {model} at block #{} charges {}:",
				parse::prov(amount),
				at.number(),
				parse::prov(b.charged.parse().unwrap_or_default())
			);
			for c in &b.per_account {
				println!(
					"  {}  {}",
					ss58_of(&c.account),
					parse::prov(c.amount.parse().unwrap_or_default())
				);
			}
			for f in &b.entry_fees {
				println!(
					"  entry fee {} for {} new entries of {}",
					parse::prov(f.amount.parse().unwrap_or_default()),
					f.entries,
					ss58_of(&f.account)
				);
			}
		},
		RewardsCmd::Pay { model, amount } => {
			send(g, &client, chain::tx().rewards().pay_usage(model, amount), |_| {
				format!("paid {} for model {model}", parse::prov(amount))
			})
			.await?;
		},
		RewardsCmd::Claim => {
			send(g, &client, chain::tx().rewards().claim_rewards(), |r| {
				let amount = r
					.event("Rewards", "RewardsClaimed")
					.and_then(|e| e.fields.get("amount"))
					.and_then(|v| {
						v.as_str().map(str::to_owned).or_else(|| v.as_u64().map(|n| n.to_string()))
					})
					.and_then(|s| s.parse::<Balance>().ok())
					.unwrap_or(0);
				format!("claimed {}", parse::prov(amount))
			})
			.await?;
		},
	}
	Ok(())
}
