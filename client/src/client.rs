//! Connecting, choosing a block, and asking the runtime APIs at it.

use std::{collections::BTreeMap, fmt, str::FromStr};

use anyhow::{anyhow, bail, Context, Result};
use codec::Decode;
use futures::{StreamExt, TryStreamExt};
use provenance_export as export;
use provenance_rpc::lineage as views;
use subxt::{
	client::{ClientAtBlock, OnlineClientAtBlockImpl},
	lightclient::LightClient,
	runtime_apis::Payload,
	utils::H256,
	OnlineClient,
};

use crate::{chain, AccountId, Balance, BlockNumber, Config};

/// Which block a query reads: a number or a `0x` hash. Without one, the latest finalized.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum BlockSpec {
	Number(u64),
	Hash(H256),
}

impl FromStr for BlockSpec {
	type Err = String;
	fn from_str(s: &str) -> Result<Self, String> {
		let s = s.trim();
		if let Some(hex) = s.strip_prefix("0x") {
			let bytes = hex::decode(hex).map_err(|e| format!("{s:?} is not a block hash: {e}"))?;
			let bytes: [u8; 32] = bytes.try_into().map_err(|_| {
				format!("{s:?} is not a block hash: a hash is 32 bytes (64 hex digits)")
			})?;
			return Ok(BlockSpec::Hash(H256(bytes)));
		}
		s.parse::<u64>()
			.map(BlockSpec::Number)
			.map_err(|_| format!("{s:?} is neither a block number nor a 0x-prefixed block hash"))
	}
}

impl fmt::Display for BlockSpec {
	fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
		match self {
			BlockSpec::Number(n) => write!(f, "#{n}"),
			BlockSpec::Hash(h) => write!(f, "{h:?}"),
		}
	}
}

/// How the client reaches the chain.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Mode {
	/// JSON-RPC to one node, trusted for its answers.
	Rpc,
	/// An embedded smoldot light client: answers are checked by storage and call proofs
	/// against headers it verified up to GRANDPA finality.
	Light,
}

/// A connection to the chain.
#[derive(Clone)]
pub struct Client {
	api: OnlineClient<Config>,
	rpc: subxt::rpcs::LegacyRpcMethods<subxt::config::RpcConfigFor<Config>>,
	mode: Mode,
	// Keeps smoldot running while the client lives.
	_light: Option<std::sync::Arc<LightClient>>,
}

/// A subxt client on the legacy JSON-RPC methods (`chain_getHeader`, `state_getStorage`,
/// `state_call`, `author_submitAndWatchExtrinsic`, ...), in both modes.
///
/// Not subxt's default (chainHead first): `chainHead_v1_header` answers `null`, not an
/// error, while the follow subscription it names is not yet registered on the node (the
/// node sends the subscription id before registering it) or has reached its operation
/// limit, and subxt takes that `null` as "no such block" instead of asking the legacy
/// methods. `provenance --at <hash>` then failed now and then on a block the node has
/// (seen in CI: "cannot find the block header"). The legacy methods read any block the
/// node keeps, with no subscription state; a one-shot CLI and a reader of past blocks gain
/// nothing from chainHead's pinning.
async fn legacy_api(rpc: subxt::rpcs::RpcClient) -> Result<OnlineClient<Config>> {
	let backend = subxt::backend::LegacyBackend::<Config>::builder().build(rpc);
	Ok(OnlineClient::<Config>::from_backend(std::sync::Arc::new(backend)).await?)
}

impl Client {
	/// Connects to a node's WebSocket JSON-RPC endpoint (`ws://` or `wss://`).
	pub async fn connect(url: &str) -> Result<Self> {
		let rpc = subxt::rpcs::RpcClient::from_insecure_url(url)
			.await
			.with_context(|| format!("cannot connect to a node at {url}"))?;
		let api = legacy_api(rpc.clone())
			.await
			.with_context(|| format!("cannot read the chain of the node at {url}"))?;
		let rpc = subxt::rpcs::LegacyRpcMethods::new(rpc);
		Ok(Client { api, rpc, mode: Mode::Rpc, _light: None })
	}

	/// Like [`Client::connect`], for a long-running reader (the explorer): if the connection
	/// drops (a node restart, a network blip), it reconnects by itself, backing off up to
	/// 10 s between attempts, instead of failing every later call. A node that does not answer
	/// now is still an error at once.
	pub async fn connect_reconnecting(url: &str) -> Result<Self> {
		use subxt::rpcs::client::{
			reconnecting_rpc_client::ExponentialBackoff, ReconnectingRpcClient,
		};
		drop(Self::connect(url).await?);
		let inner = ReconnectingRpcClient::builder()
			.retry_policy(
				ExponentialBackoff::from_millis(100).max_delay(std::time::Duration::from_secs(10)),
			)
			.build(url)
			.await
			.with_context(|| format!("cannot connect to a node at {url}"))?;
		let rpc = subxt::rpcs::RpcClient::new(inner);
		let api = legacy_api(rpc.clone())
			.await
			.with_context(|| format!("cannot read the chain of the node at {url}"))?;
		let rpc = subxt::rpcs::LegacyRpcMethods::new(rpc);
		Ok(Client { api, rpc, mode: Mode::Rpc, _light: None })
	}

	/// Starts an embedded light client for the chain this spec describes (its `bootNodes`
	/// name the peers to sync from) and waits until it has caught up with the chain: smoldot
	/// warp-syncs (GRANDPA finality proofs from the spec's genesis authorities) or, on a chain
	/// closer to genesis than its warp-sync threshold, downloads and verifies every header
	/// (Aura seals) and GRANDPA justification. Until it has caught up, its "finalized" block
	/// is an old one (genesis at first), so queries would read stale state.
	pub async fn light(chain_spec: &str) -> Result<Self> {
		let (light, rpc) = LightClient::relay_chain(chain_spec)
			.context("the light client refused the chain spec")?;
		let rpc = subxt::rpcs::RpcClient::from(rpc);
		// smoldot's legacy JSON-RPC methods (`state_call`, `state_getStorage`,
		// `state_getKeysPaged`, `chain_getHeader`, ...) are checked by call and storage
		// proofs just like its `chainHead_v1_*` ones, and report a failed check as an
		// error. subxt's chainHead backend waits for `operationCallDone` only, so a runtime
		// call smoldot cannot verify (`operationError`/`operationInaccessible`) would hang
		// (subxt 0.50.3, backend/chain_head.rs `call`). Hence the legacy backend alone.
		let api = legacy_api(rpc.clone())
			.await
			.context("the light client could not start following the chain")?;
		let rpc = subxt::rpcs::LegacyRpcMethods::new(rpc);
		let client =
			Client { api, rpc, mode: Mode::Light, _light: Some(std::sync::Arc::new(light)) };
		client.wait_until_caught_up().await?;
		Ok(client)
	}

	/// Light mode: polls smoldot until it has peers, is no longer syncing, and its verified
	/// finalized head is within [`LIGHT_FINALITY_LAG`] blocks of its verified best block. A
	/// chain whose finality has stalled never gets there: after [`LIGHT_SYNC_TIMEOUT`] this
	/// answers with the finalized head smoldot has and a warning on standard error; without
	/// any peer it fails.
	async fn wait_until_caught_up(&self) -> Result<()> {
		use std::time::{Duration, Instant};
		let started = Instant::now();
		let step = Duration::from_millis(200);
		// One smoldot request; smoldot holds some (the finalized head) until it has decided
		// how to sync, so each is bounded.
		async fn ask<T, E: std::error::Error + Send + Sync + 'static>(
			what: &str,
			f: impl std::future::Future<Output = Result<T, E>>,
		) -> Result<Option<T>> {
			match tokio::time::timeout(Duration::from_secs(5), f).await {
				Ok(r) => {
					r.map(Some).with_context(|| format!("the light client failed to answer {what}"))
				},
				Err(_) => Ok(None),
			}
		}
		let mut last = String::from("no answer from the light client yet");
		loop {
			if let Some(health) = ask("system_health", self.rpc.system_health()).await? {
				last = format!("{} peers, syncing: {}", health.peers, health.is_syncing);
				if health.peers > 0 && !health.is_syncing {
					let finalized =
						ask("chain_getFinalizedHead", self.rpc.chain_get_finalized_head()).await?;
					let best =
						ask("chain_getHeader", self.rpc.chain_get_header(None)).await?.flatten();
					if let (Some(finalized), Some(best)) = (finalized, best) {
						let finalized =
							ask("chain_getHeader", self.rpc.chain_get_header(Some(finalized)))
								.await?
								.flatten();
						if let Some(finalized) = finalized {
							let (f, b) = (finalized.number, best.number);
							last = format!("{last}, finalized #{f}, best #{b}");
							if b.saturating_sub(f) <= LIGHT_FINALITY_LAG {
								return Ok(());
							}
						}
					}
				}
			}
			if started.elapsed() >= LIGHT_SYNC_TIMEOUT {
				if last.contains("finalized #") {
					eprintln!(
						"warning: the light client's finalized head lags its best block after {}s \
						 ({last}): answers are read at that finalized block",
						LIGHT_SYNC_TIMEOUT.as_secs()
					);
					return Ok(());
				}
				bail!(
					"the light client did not catch up with the chain in {}s ({last}): check that \
					 the chain spec's bootNodes are reachable (multiaddrs with /p2p/<peer id>)",
					LIGHT_SYNC_TIMEOUT.as_secs()
				);
			}
			tokio::time::sleep(step).await;
		}
	}

	pub fn mode(&self) -> Mode {
		self.mode
	}

	pub fn api(&self) -> &OnlineClient<Config> {
		&self.api
	}

	/// The signer's next nonce, counting its transactions in the pool and in blocks not yet
	/// finalized.
	pub async fn next_nonce(&self, who: &AccountId) -> Result<u64> {
		let who = subxt::utils::AccountId32(who.clone().into());
		self.rpc.system_account_next_index(&who).await.context("cannot read the signer's nonce")
	}

	/// The latest finalized block, or the one `spec` names.
	///
	/// In light mode the finalized block is smoldot's: the latest one it verified a GRANDPA
	/// justification (or warp-sync proof) for. A block number is resolved by walking back
	/// from that block through parent hashes, header by header (smoldot checks that each
	/// header hashes to the hash asked for), so only finalized blocks at most
	/// [`LIGHT_MAX_WALK`] blocks back can be named by number; a hash names any block.
	pub async fn at(&self, spec: Option<&BlockSpec>) -> Result<AtBlock> {
		let inner = match (spec, self.mode) {
			(None, Mode::Rpc) => {
				self.api.at_current_block().await.context("cannot read the finalized block")?
			},
			(None, Mode::Light) => {
				let hash = self.light_finalized_head().await?;
				self.api.at_block(hash).await.context("cannot read the finalized block")?
			},
			(Some(BlockSpec::Number(n)), Mode::Light) => {
				let hash = self.light_block_hash(*n).await?;
				self.api
					.at_block_hash_and_number(hash, *n)
					.await
					.with_context(|| format!("cannot read block #{n}"))?
			},
			(Some(BlockSpec::Number(n)), Mode::Rpc) => {
				self.api.at_block(*n).await.with_context(|| format!("cannot read block #{n}"))?
			},
			(Some(BlockSpec::Hash(h)), _) => {
				self.api.at_block(*h).await.with_context(|| format!("cannot read block {h:?}"))?
			},
		};
		Ok(AtBlock { inner, genesis: self.api.genesis_hash(), light: self.mode == Mode::Light })
	}

	/// The number of the best (not necessarily finalized) block the node or light client knows.
	pub async fn best_number(&self) -> Result<u64> {
		let header = self
			.rpc
			.chain_get_header(None)
			.await
			.context("cannot read the best block's header")?
			.ok_or_else(|| anyhow!("the node has no best block"))?;
		Ok(header.number)
	}

	/// Whether the node (or, in light mode, a peer) has the header of this block.
	pub async fn has_header(&self, hash: H256) -> Result<bool> {
		Ok(self
			.rpc
			.chain_get_header(Some(hash))
			.await
			.with_context(|| format!("cannot ask for the header of block {hash:?}"))?
			.is_some())
	}

	/// Light mode: smoldot's finalized head.
	async fn light_finalized_head(&self) -> Result<H256> {
		self.rpc
			.chain_get_finalized_head()
			.await
			.context("the light client cannot say which block is finalized")
	}

	/// Light mode: the hash of finalized block `number`. smoldot answers
	/// `chain_getBlockHash` only for block 0 ("there is absolutely no way to verify the
	/// answer of the full node", smoldot-light's json_rpc_service/background.rs), so this walks
	/// back from the finalized head; each header is fetched by its hash and smoldot refuses a
	/// header that does not hash to it, so the walk follows the finalized chain.
	async fn light_block_hash(&self, number: u64) -> Result<H256> {
		if number == 0 {
			return Ok(self.api.genesis_hash());
		}
		let mut hash = self.light_finalized_head().await?;
		let mut header = self.light_header(hash).await?;
		let head = header.number;
		if number > head {
			bail!(
				"block #{number} is not finalized yet: the light client's finalized head is #{head} \
				 (light mode reads finalized blocks only)"
			);
		}
		let back = head.saturating_sub(number);
		if back > LIGHT_MAX_WALK {
			bail!(
				"block #{number} is {back} blocks below the finalized head #{head}: in light mode a \
				 block number is found by walking back header by header, at most {LIGHT_MAX_WALK} \
				 blocks; give the block's hash instead (--at 0x…)"
			);
		}
		while header.number > number {
			hash = header.parent_hash;
			header = self.light_header(hash).await?;
		}
		Ok(hash)
	}

	async fn light_header(&self, hash: H256) -> Result<<Config as subxt::config::Config>::Header> {
		self.rpc
			.chain_get_header(Some(hash))
			.await
			.with_context(|| format!("the light client cannot fetch the header of block {hash:?}"))?
			.ok_or_else(|| anyhow!("no peer served the header of block {hash:?}"))
	}
}

/// How long `--light` waits for smoldot to catch up with the chain before answering anyway
/// (with a warning) or failing (without peers).
pub const LIGHT_SYNC_TIMEOUT: std::time::Duration = std::time::Duration::from_secs(120);
/// How far smoldot's finalized head may trail its best block for it to count as caught up:
/// GRANDPA on a healthy network finalizes within a block or two of the head.
pub const LIGHT_FINALITY_LAG: u64 = 3;
/// The most headers light mode walks back from the finalized head to resolve `--at <number>`.
pub const LIGHT_MAX_WALK: u64 = 4096;

/// The chain as it stood at one block.
pub struct AtBlock {
	inner: ClientAtBlock<Config, OnlineClientAtBlockImpl<Config>>,
	genesis: H256,
	/// Read through the embedded light client.
	light: bool,
}

/// smoldot's answer to a runtime call whose call proof lacks a storage entry the call reads
/// (smoldot-light `json_rpc_service/background.rs`, from `RuntimeCallInaccessibleError::
/// MissingProofEntry`); also given when no peer answers at all.
const UNVERIFIABLE_CALL: &str = "Error trying to access the storage required for the runtime call";

/// An account as the views show it (SS58).
pub fn ss58_of(account: &AccountId) -> String {
	views::account_string(account)
}

/// How many runtime calls one reader keeps in flight at once.
pub const PARALLEL: usize = 8;

/// A paged runtime-API answer: every item, fetched a page at a time.
const PAGE: u32 = provenance_primitives::MAX_PAGE_SIZE;

impl AtBlock {
	pub fn inner(&self) -> &ClientAtBlock<Config, OnlineClientAtBlockImpl<Config>> {
		&self.inner
	}

	pub fn number(&self) -> u64 {
		self.inner.block_number()
	}

	pub fn hash(&self) -> H256 {
		self.inner.block_hash()
	}

	pub fn genesis(&self) -> H256 {
		self.genesis
	}

	/// Calls a runtime API generated from the metadata, checking the payload against the
	/// runtime at this block, and decodes the answer into `R`, the runtime-API crate's own
	/// type.
	pub async fn call<P: Payload, R: Decode>(&self, payload: P) -> Result<R> {
		let apis = self.inner.runtime_apis();
		let name = apis.encode_name(&payload);
		apis.validate(&payload).with_context(|| {
			format!(
				"{name} at block {} does not match this client: update the client",
				self.number()
			)
		})?;
		let args = apis.encode_args(&payload).with_context(|| format!("cannot encode {name}"))?;
		let bytes = apis.call_raw(&name, Some(&args)).await.map_err(|e| {
			let e =
				anyhow::Error::new(e).context(format!("{name} failed at block {}", self.number()));
			if self.light && format!("{e:#}").contains(UNVERIFIABLE_CALL) {
				e.context(format!(
					"the light client could not verify {name}: no peer gave a call proof holding \
					 every storage value the call reads. A runtime API that checks a record with \
					 `contains_key` and does not read it gets such a proof from every Substrate \
					 node (see docs/auditor.md, \"Verifying without trusting a node\")"
				))
			} else {
				e
			}
		})?;
		R::decode(&mut &bytes[..]).with_context(|| format!("cannot decode the answer of {name}"))
	}

	/// `Timestamp::Now` at this block, in milliseconds.
	pub async fn timestamp(&self) -> Result<u64> {
		let entry = self
			.inner
			.storage()
			.entry(chain::storage().timestamp().now())
			.context("no Timestamp::Now in the metadata")?;
		let value = entry.fetch(()).await.context("cannot read Timestamp::Now")?;
		value.decode().context("cannot decode Timestamp::Now")
	}

	/// The block's header says whether it is finalized only relative to the chain's
	/// finalized head; this compares numbers on the same chain.
	pub async fn is_finalized(&self, client: &Client) -> Result<bool> {
		let finalized = client.at(None).await?;
		Ok(finalized.number() >= self.number())
	}

	pub async fn model(&self, id: u64) -> Result<views::Model<AccountId>> {
		self.find_model(id)
			.await?
			.ok_or_else(|| anyhow!("unknown model {id} at block {}", self.number()))
	}

	/// The model with this id, or `None` if there is none at this block.
	pub async fn find_model(&self, id: u64) -> Result<Option<views::Model<AccountId>>> {
		let info: Option<pallet_lineage_runtime_api::ModelInfo<AccountId, Balance, BlockNumber>> =
			self.call(chain::runtime_apis().lineage_api().model(id)).await?;
		Ok(info.map(views::model))
	}

	pub async fn dataset(&self, id: u64) -> Result<provenance_rpc::datasets::Dataset<AccountId>> {
		self.find_dataset(id)
			.await?
			.ok_or_else(|| anyhow!("unknown dataset {id} at block {}", self.number()))
	}

	/// The dataset with this id, or `None` if there is none at this block.
	pub async fn find_dataset(
		&self,
		id: u64,
	) -> Result<Option<provenance_rpc::datasets::Dataset<AccountId>>> {
		let info: Option<
			pallet_datasets_runtime_api::DatasetInfo<AccountId, Balance, BlockNumber>,
		> = self.call(chain::runtime_apis().datasets_api().dataset(id)).await?;
		Ok(info.map(provenance_rpc::datasets::dataset))
	}

	/// The dataset registered with this content (manifest) hash, if any.
	pub async fn dataset_by_content_hash(
		&self,
		hash: H256,
	) -> Result<Option<provenance_rpc::datasets::Dataset<AccountId>>> {
		let info: Option<
			pallet_datasets_runtime_api::DatasetInfo<AccountId, Balance, BlockNumber>,
		> = self.call(chain::runtime_apis().datasets_api().dataset_by_content_hash(hash)).await?;
		Ok(info.map(provenance_rpc::datasets::dataset))
	}

	/// A bound on the grants the consent basis of a model registered on `parents` and
	/// `datasets` can hold: every parent's basis, every input's derivation basis and every
	/// input (their union is never larger), at most `MaxBasisGrants`. Bases never change
	/// once written; a parent or dataset not known at this block (registered since) counts
	/// as the largest basis, so the bound holds at any later block.
	pub async fn basis_bound(&self, parents: &[u64], datasets: &[u64]) -> Result<u32> {
		let largest = self
			.inner
			.constants()
			.entry(chain::constants().lineage().max_basis_grants())
			.context("no Lineage::MaxBasisGrants in the metadata")?;
		let largest = usize::try_from(largest).unwrap_or(usize::MAX);
		let mut bound = datasets.len();
		for id in parents {
			let basis = self.find_model(*id).await?.map_or(largest, |m| m.consent_basis.len());
			bound = bound.saturating_add(basis);
		}
		for id in datasets {
			let basis = self.find_dataset(*id).await?.map_or(largest, |d| d.derivation_basis.len());
			bound = bound.saturating_add(basis);
		}
		Ok(u32::try_from(bound.min(largest)).unwrap_or(u32::MAX))
	}

	/// The model registered with these weights, if any (`Lineage::ModelByWeightsHash`).
	pub async fn model_by_weights_hash(&self, hash: H256) -> Result<Option<u64>> {
		let entry = self
			.inner
			.storage()
			.entry(chain::storage().lineage().model_by_weights_hash())
			.context("no Lineage::ModelByWeightsHash in the metadata")?;
		let value =
			entry.try_fetch((hash,)).await.context("cannot read Lineage::ModelByWeightsHash")?;
		value.map(|v| v.decode()).transpose().context("cannot decode Lineage::ModelByWeightsHash")
	}

	pub async fn grant(&self, id: u64) -> Result<provenance_rpc::consent::Grant<AccountId>> {
		self.find_grant(id)
			.await?
			.ok_or_else(|| anyhow!("unknown grant {id} at block {}", self.number()))
	}

	/// The grant with this id, or `None` if there is none at this block.
	pub async fn find_grant(
		&self,
		id: u64,
	) -> Result<Option<provenance_rpc::consent::Grant<AccountId>>> {
		let info: Option<pallet_consent_runtime_api::GrantInfo<AccountId, BlockNumber, Balance>> =
			self.call(chain::runtime_apis().consent_api().grant(id)).await?;
		Ok(info.map(provenance_rpc::consent::grant))
	}

	/// The datasets derived directly from `id`, and how, at most `max` of them; `true` if
	/// there are more.
	pub async fn derivations(
		&self,
		id: u64,
		max: usize,
	) -> Result<(Vec<provenance_rpc::datasets::Derivation>, bool)> {
		paged(max, |cursor| async move {
			let page: Result<
				provenance_primitives::Page<
					(u64, pallet_datasets_runtime_api::DerivationKind),
					u64,
				>,
				provenance_primitives::QueryError,
			> = self.call(chain::runtime_apis().datasets_api().derivations(id, cursor, PAGE)).await?;
			let page = page.map_err(query_error)?;
			Ok((
				page.items
					.into_iter()
					.map(|(dataset, kind)| provenance_rpc::datasets::Derivation {
						dataset,
						kind: format!("{kind:?}"),
					})
					.collect(),
				page.next,
			))
		})
		.await
	}

	/// The attestations on dataset `id`, oldest first, at most `max`; `true` if there are more.
	pub async fn attestations(
		&self,
		id: u64,
		max: usize,
	) -> Result<(Vec<provenance_rpc::datasets::Attestation<AccountId>>, bool)> {
		paged(max, |cursor| async move {
			let page: Result<
				provenance_primitives::Page<
					pallet_datasets_runtime_api::AttestationInfo<AccountId, BlockNumber, Balance>,
					u32,
				>,
				provenance_primitives::QueryError,
			> = self.call(chain::runtime_apis().datasets_api().attestations(id, cursor, PAGE)).await?;
			let page = page.map_err(query_error)?;
			Ok((
				page.items.into_iter().map(provenance_rpc::datasets::attestation).collect(),
				page.next,
			))
		})
		.await
	}

	/// The model's royalty policy, if its owner set one.
	pub async fn royalty_policy(
		&self,
		model: u64,
	) -> Result<Option<provenance_rpc::rewards::Policy>> {
		let policy: Option<pallet_rewards_runtime_api::RoyaltyPolicy> =
			self.call(chain::runtime_apis().rewards_api().royalty_policy(model)).await?;
		Ok(policy.map(Into::into))
	}

	pub async fn consent_status(&self, model: u64) -> Result<views::ConsentStatus> {
		let status: Result<
			pallet_lineage_runtime_api::ConsentStatus<BlockNumber>,
			provenance_primitives::QueryError,
		> = self.call(chain::runtime_apis().lineage_api().consent_status(model)).await?;
		status.map(views::consent_status).map_err(query_error)
	}

	pub async fn ancestors(&self, model: u64, depth: u32) -> Result<views::Graph> {
		let graph: Result<
			pallet_lineage_runtime_api::LineageGraph,
			provenance_primitives::QueryError,
		> = self.call(chain::runtime_apis().lineage_api().ancestors(model, depth)).await?;
		graph.map(Into::into).map_err(graph_error)
	}

	pub async fn descendants(&self, root: views::Node, depth: u32) -> Result<views::Graph> {
		use chain::runtime_types::pallet_lineage::types::LineageNode as N;
		let node = match root {
			views::Node::Model(id) => N::Model(id),
			views::Node::Dataset(id) => N::Dataset(id),
			views::Node::Grant(id) => N::Grant(id),
		};
		let graph: Result<
			pallet_lineage_runtime_api::LineageGraph,
			provenance_primitives::QueryError,
		> = self.call(chain::runtime_apis().lineage_api().descendants(node, depth)).await?;
		graph.map(Into::into).map_err(graph_error)
	}

	/// Every model a revocation of `grant` taints.
	pub async fn impact(&self, grant: u64) -> Result<Vec<u64>> {
		Ok(self.impact_up_to(grant, usize::MAX).await?.0)
	}

	/// The models a revocation of `grant` taints, at most `max`; `true` if there are more.
	pub async fn impact_up_to(&self, grant: u64, max: usize) -> Result<(Vec<u64>, bool)> {
		paged(max, |cursor| async move {
			let page: Result<
				provenance_primitives::Page<u64, u64>,
				provenance_primitives::QueryError,
			> = self.call(chain::runtime_apis().lineage_api().impact(grant, cursor, PAGE)).await?;
			let page = page.map_err(query_error)?;
			Ok((page.items, page.next))
		})
		.await
	}

	/// Every evaluation of `model`, oldest first.
	pub async fn evaluations(&self, model: u64) -> Result<Vec<views::Evaluation<AccountId>>> {
		Ok(self.evaluations_up_to(model, usize::MAX).await?.0)
	}

	/// The evaluations of `model`, oldest first, at most `max`; `true` if there are more.
	pub async fn evaluations_up_to(
		&self,
		model: u64,
		max: usize,
	) -> Result<(Vec<views::Evaluation<AccountId>>, bool)> {
		paged(max, |cursor| async move {
			let page: Result<
				provenance_primitives::Page<
					pallet_lineage_runtime_api::EvaluationInfo<AccountId, Balance, BlockNumber>,
					u32,
				>,
				provenance_primitives::QueryError,
			> = self
				.call(chain::runtime_apis().lineage_api().evaluations(model, cursor, PAGE))
				.await?;
			let page = page.map_err(query_error)?;
			Ok((page.items.into_iter().map(views::evaluation).collect(), page.next))
		})
		.await
	}

	/// Every decision anchor of `model`, oldest first.
	pub async fn anchors(&self, model: u64) -> Result<Vec<views::Anchor<AccountId>>> {
		Ok(self.anchors_up_to(model, usize::MAX).await?.0)
	}

	/// The decision anchors of `model`, oldest first, at most `max`; `true` if there are more.
	pub async fn anchors_up_to(
		&self,
		model: u64,
		max: usize,
	) -> Result<(Vec<views::Anchor<AccountId>>, bool)> {
		paged(max, |cursor| async move {
			let page: Result<
				provenance_primitives::Page<
					pallet_lineage_runtime_api::AnchorInfo<AccountId, Balance, BlockNumber>,
					u32,
				>,
				provenance_primitives::QueryError,
			> = self.call(chain::runtime_apis().lineage_api().anchors(model, cursor, PAGE)).await?;
			let page = page.map_err(query_error)?;
			Ok((page.items.into_iter().map(views::anchor).collect(), page.next))
		})
		.await
	}

	/// Grants on `dataset` (`Some`) or to `who`, a page at a time until all are read.
	pub async fn grants(
		&self,
		dataset: Option<u64>,
		who: Option<&AccountId>,
	) -> Result<Vec<provenance_rpc::consent::Grant<AccountId>>> {
		Ok(self.grants_up_to(dataset, who, usize::MAX).await?.0)
	}

	/// Grants on `dataset` (`Some`) or to `who`, ascending by id, at most `max`; `true` if
	/// there are more.
	pub async fn grants_up_to(
		&self,
		dataset: Option<u64>,
		who: Option<&AccountId>,
		max: usize,
	) -> Result<(Vec<provenance_rpc::consent::Grant<AccountId>>, bool)> {
		type GrantPage = Result<
			provenance_primitives::Page<
				pallet_consent_runtime_api::GrantInfo<AccountId, BlockNumber, Balance>,
				u64,
			>,
			provenance_primitives::QueryError,
		>;
		paged(max, |cursor| async move {
			let page: GrantPage = match (dataset, who) {
				(Some(d), _) => {
					self.call(chain::runtime_apis().consent_api().dataset_grants(d, cursor, PAGE))
						.await?
				},
				(None, Some(w)) => {
					self.call(chain::runtime_apis().consent_api().account_grants(
						subxt::utils::AccountId32(w.clone().into()),
						cursor,
						PAGE,
					))
					.await?
				},
				(None, None) => bail!("name a dataset or an account"),
			};
			let page = page.map_err(query_error)?;
			Ok((page.items.into_iter().map(provenance_rpc::consent::grant).collect(), page.next))
		})
		.await
	}

	/// Every logged use of `grant`, oldest first.
	pub async fn access_log(
		&self,
		grant: u64,
	) -> Result<Vec<provenance_rpc::consent::Access<AccountId>>> {
		Ok(self.access_log_up_to(grant, usize::MAX).await?.0)
	}

	/// The logged uses of `grant`, oldest first, at most `max`; `true` if there are more.
	pub async fn access_log_up_to(
		&self,
		grant: u64,
		max: usize,
	) -> Result<(Vec<provenance_rpc::consent::Access<AccountId>>, bool)> {
		let (records, more) = paged(max, |cursor| async move {
			let page: Result<
				provenance_primitives::Page<
					pallet_consent_runtime_api::AccessRecord<AccountId, BlockNumber, Balance>,
					u32,
				>,
				provenance_primitives::QueryError,
			> = self.call(chain::runtime_apis().consent_api().access_log(grant, cursor, PAGE)).await?;
			let page = page.map_err(query_error)?;
			Ok((page.items, page.next))
		})
		.await?;
		let log = records
			.into_iter()
			.enumerate()
			.map(|(i, r)| provenance_rpc::consent::access(u32::try_from(i).unwrap_or(u32::MAX), r))
			.collect();
		Ok((log, more))
	}

	pub async fn claimable(&self, who: &AccountId) -> Result<Balance> {
		self.call(
			chain::runtime_apis()
				.rewards_api()
				.claimable(subxt::utils::AccountId32(who.clone().into())),
		)
		.await
	}

	/// A dry run of `pay_usage(model, amount)`.
	pub async fn breakdown(
		&self,
		model: u64,
		amount: Balance,
	) -> Result<provenance_rpc::rewards::Breakdown<AccountId>> {
		let quote: Result<
			pallet_rewards_runtime_api::PaymentQuote<AccountId, Balance>,
			pallet_rewards_runtime_api::SplitError<Balance>,
		> = self.call(chain::runtime_apis().rewards_api().quote(model, amount)).await?;
		match quote {
			Ok(q) => Ok(provenance_rpc::rewards::Breakdown::from_quote(model, amount, q)),
			Err(e) => bail!("{}", provenance_rpc::rewards::split_error(model, e).message()),
		}
	}

	/// The ancestry of `root` as one neutral document: what every export is built from.
	/// Reads everything at this block, like the node's `lineage_exportProv`: the whole
	/// ancestry, or `depth` model hops of it with the models it stopped at in `frontier`.
	pub async fn lineage(&self, root: u64, depth: Option<u32>) -> Result<export::Lineage> {
		let (status, timestamp, evaluations) = futures::try_join!(
			self.consent_status(root),
			self.timestamp(),
			self.evaluations(root)
		)?;
		let mut walk = export::walk::AncestryWalk::new(
			root,
			depth,
			pallet_lineage_runtime_api::MAX_GRAPH_DEPTH,
			pallet_lineage_runtime_api::MAX_GRAPH_NODES as usize,
		);
		while let Some(step) = walk.next_call() {
			let graph = self.ancestors(step.model, step.depth).await?;
			walk.add(step, graph.nodes, graph.frontier).map_err(|too_large| {
				anyhow!(
					"the ancestry of model {root} has more than {} nodes, the cap; export fewer \
					 model hops with --depth",
					too_large.max
				)
			})?;
		}
		let (nodes, frontier) = walk.into_parts();
		let mut doc = export::Lineage {
			at: export::At {
				genesis: format!("{:?}", self.genesis),
				hash: format!("{:?}", self.hash()),
				number: self.number(),
				timestamp_ms: Some(timestamp),
			},
			root,
			models: BTreeMap::new(),
			datasets: BTreeMap::new(),
			grants: BTreeMap::new(),
			evaluations: Vec::new(),
			tainted: views::export_tainted(status),
			frontier,
		};
		// Up to PARALLEL calls in flight: a deep lineage is read in a fraction of the round trips.
		enum Record {
			Model(u64, export::Model),
			Dataset(u64, export::Dataset),
			Grant(u64, export::Grant),
		}
		let records: Vec<Record> = futures::stream::iter(nodes)
			.map(|node| async move {
				Ok::<_, anyhow::Error>(match node {
					views::Node::Model(id) => {
						Record::Model(id, views::export_model(self.model(id).await?))
					},
					views::Node::Dataset(id) => {
						Record::Dataset(id, views::export_dataset(self.dataset(id).await?))
					},
					views::Node::Grant(id) => {
						Record::Grant(id, views::export_grant(self.grant(id).await?))
					},
				})
			})
			.buffered(PARALLEL)
			.try_collect()
			.await?;
		for record in records {
			match record {
				Record::Model(id, m) => {
					doc.models.insert(id, m);
				},
				Record::Dataset(id, d) => {
					doc.datasets.insert(id, d);
				},
				Record::Grant(id, g) => {
					doc.grants.insert(id, g);
				},
			}
		}
		doc.evaluations = evaluations.into_iter().map(views::export_evaluation).collect();
		Ok(doc)
	}
}

/// Reads a paged runtime-API answer a page at a time until it ends or `max` items are read;
/// `fetch` maps a cursor to a page's items and the next cursor. `true` if items were left.
pub(crate) async fn paged<T, C, F, Fut>(max: usize, mut fetch: F) -> Result<(Vec<T>, bool)>
where
	F: FnMut(Option<C>) -> Fut,
	Fut: std::future::Future<Output = Result<(Vec<T>, Option<C>)>>,
{
	let mut out = Vec::new();
	let mut cursor = None;
	loop {
		let (items, next) = fetch(cursor).await?;
		for item in items {
			if out.len() >= max {
				return Ok((out, true));
			}
			out.push(item);
		}
		match next {
			Some(next) if out.len() < max => cursor = Some(next),
			Some(_) => return Ok((out, true)),
			None => return Ok((out, false)),
		}
	}
}

/// A query error from a runtime API, in the node's words.
fn query_error(e: provenance_primitives::QueryError) -> anyhow::Error {
	anyhow!("{}", provenance_rpc::error::query(e).message())
}

fn graph_error(e: provenance_primitives::QueryError) -> anyhow::Error {
	anyhow!("{}", views::graph_error(e).message())
}

#[cfg(test)]
mod tests {
	use super::*;

	#[test]
	fn block_specs_parse_numbers_and_hashes() {
		assert_eq!("12".parse::<BlockSpec>(), Ok(BlockSpec::Number(12)));
		let hash = format!("0x{}", "ab".repeat(32));
		assert_eq!(hash.parse::<BlockSpec>(), Ok(BlockSpec::Hash(H256([0xab; 32]))));
		for bad in ["", "-1", "0x12", "0xzz", "twelve"] {
			assert!(bad.parse::<BlockSpec>().is_err(), "{bad} parsed");
		}
	}
}
