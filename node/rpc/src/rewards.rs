//! `rewards_*`: what an account may claim and has earned, a model's royalty policy and terms,
//! a dry run of a usage payment showing exactly who would be credited what, and why, and
//! reward pools, at any block.
//!
//! `rewards_breakdown` runs the function `pay_usage` runs, so at the best block it is what a
//! payment included next would credit (unless the lineage changes in between).

use std::{marker::PhantomData, str::FromStr, sync::Arc};

use codec::Codec;
use jsonrpsee::{
	core::RpcResult,
	proc_macros::rpc,
	types::{error::INVALID_PARAMS_CODE, ErrorObject, ErrorObjectOwned},
};
use pallet_rewards_runtime_api::{
	Credit as RuntimeCredit, CreditReason, EntryFeeLine, PaymentQuote, PoolId, PoolInfo,
	PoolPayout, PoolState, PrizeOutcome, PrizePayout, RewardsApi as RewardsRuntimeApi,
	RoyaltyPolicy, Source as RuntimeSource, SplitError, Standing as RuntimeStanding,
};
use provenance_primitives::{DatasetId, ModelId};
use serde::{Deserialize, Serialize};
use sp_api::ProvideRuntimeApi;
use sp_blockchain::HeaderBackend;
use sp_runtime::traits::Block as BlockT;

use crate::{call_at, error, text, Page, DEFAULT_PAGE_SIZE};

/// An amount of planck, as a decimal string (`"1000000000000"`) or, below 2^53, a JSON
/// number.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum Amount {
	Decimal(String),
	Number(u64),
}

impl Amount {
	/// The amount as the runtime's balance type, or an invalid-params error saying why not.
	pub fn parse<Balance: FromStr + From<u64>>(&self) -> RpcResult<Balance> {
		match self {
			Amount::Number(n) => Ok(Balance::from(*n)),
			Amount::Decimal(s) => {
				let digits = s.trim();
				if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
					return Err(invalid_amount(s, "it is not a non-negative decimal integer"));
				}
				digits.parse().map_err(|_| invalid_amount(s, "it does not fit a balance"))
			},
		}
	}
}

fn invalid_amount(given: &str, why: &str) -> ErrorObjectOwned {
	ErrorObject::owned(
		INVALID_PARAMS_CODE,
		format!("invalid amount {given:?}: {why}; give planck as a decimal string"),
		None::<()>,
	)
}

/// A royalty policy, each share in parts per billion (1_000_000_000 is 100%).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Policy {
	/// Of what the model receives, the part passed to its parent models, together.
	pub parent_share_parts_per_billion: u32,
	/// The part passed to the datasets its own training run used, together.
	pub dataset_share_parts_per_billion: u32,
	/// The least parent share a derivative owes this model.
	pub min_derivative_share_parts_per_billion: u32,
	/// What stays with the owner: one billion minus the two shares above.
	pub owner_share_parts_per_billion: u32,
}

impl From<RoyaltyPolicy> for Policy {
	fn from(p: RoyaltyPolicy) -> Self {
		let (parent, dataset) = (p.parent_share.deconstruct(), p.dataset_share.deconstruct());
		Policy {
			parent_share_parts_per_billion: parent,
			dataset_share_parts_per_billion: dataset,
			min_derivative_share_parts_per_billion: p.min_derivative_share.deconstruct(),
			owner_share_parts_per_billion: 1_000_000_000u32
				.saturating_sub(parent.saturating_add(dataset)),
		}
	}
}

/// One credit of a split: `account` gets `amount` as part of `model`'s royalty, for
/// `reason` (`modelOwner`, `depthLimit`, `noEligibleDatasets`, `datasetContributor`,
/// `datasetOwner`, `dust`, or `entryFee` in events); `dataset` names the dataset of the two
/// dataset reasons.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Credit<AccountId> {
	pub account: AccountId,
	pub amount: String,
	pub model: ModelId,
	pub reason: String,
	pub dataset: Option<DatasetId>,
}

pub fn credit<AccountId, Balance: ToString>(
	c: RuntimeCredit<AccountId, Balance>,
) -> Credit<AccountId> {
	let (reason, dataset) = match c.reason {
		CreditReason::ModelOwner => ("modelOwner", None),
		CreditReason::DepthLimit => ("depthLimit", None),
		CreditReason::NoEligibleDatasets => ("noEligibleDatasets", None),
		CreditReason::DatasetContributor { dataset } => ("datasetContributor", Some(dataset)),
		CreditReason::DatasetOwner { dataset } => ("datasetOwner", Some(dataset)),
		CreditReason::Dust => ("dust", None),
		CreditReason::EntryFee => ("entryFee", None),
	};
	Credit {
		account: c.account,
		amount: c.amount.to_string(),
		model: c.model,
		reason: reason.into(),
		dataset,
	}
}

/// What one account would be credited by a payment, all reasons together.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct AccountTotal<AccountId> {
	pub account: AccountId,
	pub amount: String,
}

/// The entry fee a payment pays, on top of the amount, for the `entries` storage entries it
/// creates for `account` (a first claimable balance, a first income from a source),
/// credited to that account.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct EntryFee<AccountId> {
	pub account: AccountId,
	pub entries: u32,
	pub amount: String,
}

pub fn entry_fee<AccountId, Balance: ToString>(
	line: EntryFeeLine<AccountId, Balance>,
) -> EntryFee<AccountId> {
	EntryFee { account: line.account, entries: line.entries, amount: line.amount.to_string() }
}

/// A dry run of `pay_usage(model, amount)`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Breakdown<AccountId> {
	pub model: ModelId,
	pub amount: String,
	/// In the order `pay_usage` would credit (and emit `Credited` for) them: the paid model
	/// first, then depth first through its parents, and a final `dust` credit if any. They
	/// sum to `amount`.
	pub credits: Vec<Credit<AccountId>>,
	/// The same credits summed per account, in the order each account first appears. An
	/// account's claimable balance rises by this plus its entry fee.
	pub per_account: Vec<AccountTotal<AccountId>>,
	/// The entry fees on top of `amount`, per account in the order each first appears.
	pub entry_fees: Vec<EntryFee<AccountId>>,
	/// What the payer is charged: `amount` plus every entry fee.
	pub charged: String,
}

impl<AccountId: Clone + PartialEq> Breakdown<AccountId> {
	pub fn from_quote<Balance>(
		model: ModelId,
		amount: Balance,
		quote: PaymentQuote<AccountId, Balance>,
	) -> Self
	where
		Balance: Copy + ToString + sp_runtime::traits::Saturating,
	{
		let per_account = per_account(&quote.credits)
			.into_iter()
			.map(|(account, amount)| AccountTotal { account, amount: amount.to_string() })
			.collect();
		Breakdown {
			model,
			amount: amount.to_string(),
			credits: quote.credits.into_iter().map(credit).collect(),
			per_account,
			entry_fees: quote.entry_fees.into_iter().map(entry_fee).collect(),
			charged: quote.charged.to_string(),
		}
	}
}

/// What a split error means, as a JSON-RPC error.
pub fn split_error<Balance: ToString>(model: ModelId, e: SplitError<Balance>) -> ErrorObjectOwned {
	match e {
		SplitError::BelowMinimum { minimum } => ErrorObject::owned(
			INVALID_PARAMS_CODE,
			format!("amount is below the minimum usage payment of {} planck", minimum.to_string()),
			None::<()>,
		),
		SplitError::UnknownModel(id) if id == model => error::not_found("model", id),
		SplitError::UnknownModel(id) => ErrorObject::owned(
			error::RUNTIME_ERROR,
			format!("model {model} names ancestor {id}, which the registry does not hold"),
			None::<()>,
		),
		SplitError::TooComplex { max_models, max_datasets } => ErrorObject::owned(
			error::LIMIT_EXCEEDED,
			format!(
				"the lineage of model {model} is over a split's bounds of {max_models} model \
				 visits and {max_datasets} dataset visits"
			),
			None::<()>,
		),
		SplitError::Overflow => ErrorObject::owned(
			error::RUNTIME_ERROR,
			"the split overflowed: the amount is beyond the total issuance".to_string(),
			None::<()>,
		),
		SplitError::ConsentWithdrawn { grant } => ErrorObject::owned(
			error::NOT_PAYABLE,
			format!(
				"grant {grant} in the consent basis of model {model} was revoked with effect \
				 StopUse: the model may not be paid until a version without it is registered"
			),
			None::<()>,
		),
		SplitError::NoTerms(id) if id == model => ErrorObject::owned(
			error::RUNTIME_ERROR,
			format!(
				"model {model} has no royalty terms: it was not registered through the registry"
			),
			None::<()>,
		),
		SplitError::NoTerms(id) => ErrorObject::owned(
			error::RUNTIME_ERROR,
			format!(
				"model {model} names ancestor {id}, which has no royalty terms: it was not \
				 registered through the registry"
			),
			None::<()>,
		),
	}
}

/// Where income came from: `{"model": id}` (a model the account owns: its owner's part,
/// kept shares and dust) or `{"dataset": id}` (a dataset it owns or contributed to). Also
/// the cursor of `rewards_earnings`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub enum Source {
	Model(ModelId),
	Dataset(DatasetId),
}

impl From<RuntimeSource> for Source {
	fn from(s: RuntimeSource) -> Self {
		match s {
			RuntimeSource::Model(id) => Source::Model(id),
			RuntimeSource::Dataset(id) => Source::Dataset(id),
		}
	}
}

impl From<Source> for RuntimeSource {
	fn from(s: Source) -> Self {
		match s {
			Source::Model(id) => RuntimeSource::Model(id),
			Source::Dataset(id) => RuntimeSource::Dataset(id),
		}
	}
}

/// Everything an account was ever credited from one source, entry fees aside.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Earning {
	pub source: Source,
	pub amount: String,
}

/// Where a pool is: `"open"` (taking scores until `closesAt`), or
/// `{"settling": {totalWeight, next, spent}}` (entries before `next` are paid, `spent` of
/// the amount has left the sponsor's hold).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", rename_all_fields = "camelCase")]
pub enum PoolStatus {
	Open,
	Settling { total_weight: String, next: u32, spent: String },
}

/// A reward pool that is open or being settled.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Pool<AccountId> {
	pub sponsor: AccountId,
	/// The dataset every score is measured on.
	pub benchmark: DatasetId,
	pub metric: String,
	pub higher_is_better: bool,
	/// The score that earns nothing.
	pub baseline: i64,
	/// From this block no score is taken and anyone may settle.
	pub closes_at: u64,
	pub amount: String,
	/// Held from the sponsor for the pool's storage until it is settled.
	pub deposit: String,
	pub state: PoolStatus,
	/// How many models are scored.
	pub entries: u32,
}

pub fn pool<AccountId, Balance: ToString, BlockNumber: Into<u64>>(
	info: PoolInfo<AccountId, Balance, BlockNumber>,
) -> Pool<AccountId> {
	Pool {
		sponsor: info.sponsor,
		benchmark: info.benchmark,
		metric: text(info.metric),
		higher_is_better: info.higher_is_better,
		baseline: info.baseline,
		closes_at: info.closes_at.into(),
		amount: info.amount.to_string(),
		deposit: info.deposit.to_string(),
		state: match info.state {
			PoolState::Open => PoolStatus::Open,
			PoolState::Settling { total_weight, next, spent } => PoolStatus::Settling {
				total_weight: total_weight.to_string(),
				next,
				spent: spent.to_string(),
			},
		},
		entries: info.entries,
	}
}

/// A scored model of a pool, with the prize it would win if the pool were settled now.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Standing {
	pub model: ModelId,
	/// The mean of its evaluators' scores, rounded down.
	pub score: i64,
	/// How many evaluators scored it.
	pub evaluations: u32,
	/// Its distance beyond the baseline in the better direction (0 if not beyond).
	pub weight: String,
	pub prize: String,
}

pub fn standing<Balance: ToString>(s: RuntimeStanding<Balance>) -> Standing {
	Standing {
		model: s.model,
		score: s.score,
		evaluations: s.evaluations,
		weight: s.weight.to_string(),
		prize: s.prize.to_string(),
	}
}

/// What settling a pool would do with one entry's prize. `outcome` is `paid` (the prize's
/// split is `credits`, its entry fees `entryFees`, both out of the prize; `charged` is
/// their total, the rest returns to the sponsor) or `forfeited` (the whole prize returns
/// to the sponsor; `reason` says why).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Prize<AccountId> {
	pub model: ModelId,
	pub prize: String,
	pub outcome: String,
	pub credits: Vec<Credit<AccountId>>,
	pub entry_fees: Vec<EntryFee<AccountId>>,
	pub charged: String,
	pub reason: Option<String>,
}

pub fn prize<AccountId, Balance: ToString>(p: PrizePayout<AccountId, Balance>) -> Prize<AccountId> {
	let prize = p.prize.to_string();
	match p.outcome {
		PrizeOutcome::Paid(quote) => Prize {
			model: p.model,
			prize,
			outcome: "paid".into(),
			credits: quote.credits.into_iter().map(credit).collect(),
			entry_fees: quote.entry_fees.into_iter().map(entry_fee).collect(),
			charged: quote.charged.to_string(),
			reason: None,
		},
		PrizeOutcome::Forfeited(reason) => Prize {
			model: p.model,
			prize,
			outcome: "forfeited".into(),
			credits: Vec::new(),
			entry_fees: Vec::new(),
			charged: "0".into(),
			reason: Some(split_error(p.model, reason).message().to_string()),
		},
	}
}

/// A dry run of settling the rest of a pool now.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Payout<AccountId> {
	/// Each unpaid entry with a prize, in entry order.
	pub prizes: Vec<Prize<AccountId>>,
	/// What would return to the sponsor: rounding, forfeited prizes, what the prizes' splits
	/// do not charge.
	pub returned: String,
}

pub fn payout<AccountId, Balance: ToString>(
	p: PoolPayout<AccountId, Balance>,
) -> Payout<AccountId> {
	Payout { prizes: p.prizes.into_iter().map(prize).collect(), returned: p.returned.to_string() }
}

#[rpc(client, server)]
pub trait RewardsApi<BlockHash, AccountId> {
	/// What `account` may claim with `claim_rewards`, in planck (a decimal string).
	#[method(name = "rewards_claimable", blocking)]
	fn claimable(&self, account: AccountId, at: Option<BlockHash>) -> RpcResult<String>;

	/// What every account may claim together, in planck: what the pallet account owes.
	#[method(name = "rewards_totalClaimable", blocking)]
	fn total_claimable(&self, at: Option<BlockHash>) -> RpcResult<String>;

	/// The royalty policy `model` splits by: its own, or the chain's default.
	#[method(name = "rewards_royaltyPolicy", blocking)]
	fn royalty_policy(&self, model: ModelId, at: Option<BlockHash>) -> RpcResult<Policy>;

	/// Who would be credited what, and why, if `amount` planck were paid for `model`, and
	/// the entry fees the payer would pay on top.
	#[method(name = "rewards_breakdown", blocking)]
	fn breakdown(
		&self,
		model: ModelId,
		amount: Amount,
		at: Option<BlockHash>,
	) -> RpcResult<Breakdown<AccountId>>;

	/// The share of `model`'s income each parent is owed, fixed at its registration, in
	/// parts per billion, in the order its run names the parents.
	#[method(name = "rewards_parentMinimums", blocking)]
	fn parent_minimums(&self, model: ModelId, at: Option<BlockHash>) -> RpcResult<Vec<u32>>;

	/// What `account` has earned per source, ever, in storage order.
	#[method(name = "rewards_earnings", blocking)]
	fn earnings(
		&self,
		account: AccountId,
		start_after: Option<Source>,
		limit: Option<u32>,
		at: Option<BlockHash>,
	) -> RpcResult<Page<Earning, Source>>;

	/// A reward pool that is open or being settled.
	#[method(name = "rewards_pool", blocking)]
	fn pool(&self, id: PoolId, at: Option<BlockHash>) -> RpcResult<Pool<AccountId>>;

	/// A pool's scored models in entry order, with the prize each would win now.
	#[method(name = "rewards_poolStandings", blocking)]
	fn pool_standings(&self, id: PoolId, at: Option<BlockHash>) -> RpcResult<Vec<Standing>>;

	/// A dry run of settling the rest of a pool now.
	#[method(name = "rewards_poolPayout", blocking)]
	fn pool_payout(&self, id: PoolId, at: Option<BlockHash>) -> RpcResult<Payout<AccountId>>;
}

/// Serves `rewards_*` from a client's `RewardsApi`.
///
/// The type parameters after `Block` are the runtime's, as its runtime API names them.
pub struct Rewards<C, Block, AccountId, Balance, BlockNumber> {
	client: Arc<C>,
	_marker: PhantomData<fn() -> (Block, AccountId, Balance, BlockNumber)>,
}

impl<C, Block, AccountId, Balance, BlockNumber> Rewards<C, Block, AccountId, Balance, BlockNumber> {
	pub fn new(client: Arc<C>) -> Self {
		Self { client, _marker: PhantomData }
	}
}

impl<C, Block, AccountId, Balance, BlockNumber> Rewards<C, Block, AccountId, Balance, BlockNumber>
where
	Block: BlockT,
	C: ProvideRuntimeApi<Block> + HeaderBackend<Block> + Send + Sync + 'static,
	C::Api: RewardsRuntimeApi<Block, AccountId, Balance, BlockNumber>,
	AccountId: Codec,
	Balance: Codec,
	BlockNumber: Codec,
{
	fn call<R>(
		&self,
		at: Option<Block::Hash>,
		f: impl FnOnce(&C::Api, Block::Hash) -> Result<R, sp_api::ApiError>,
	) -> RpcResult<R> {
		call_at::<Block, C, dyn RewardsRuntimeApi<Block, AccountId, Balance, BlockNumber>, R>(
			&*self.client,
			at,
			"RewardsApi",
			f,
		)
	}
}

/// Sums `credits` per account, keeping the order in which accounts first appear.
pub fn per_account<AccountId: PartialEq + Clone, Balance>(
	credits: &[RuntimeCredit<AccountId, Balance>],
) -> Vec<(AccountId, Balance)>
where
	Balance: Copy + sp_runtime::traits::Saturating,
{
	let mut totals: Vec<(AccountId, Balance)> = Vec::new();
	for c in credits {
		match totals.iter_mut().find(|(account, _)| *account == c.account) {
			Some((_, sum)) => *sum = sum.saturating_add(c.amount),
			None => totals.push((c.account.clone(), c.amount)),
		}
	}
	totals
}

impl<C, Block, AccountId, Balance, BlockNumber> RewardsApiServer<Block::Hash, AccountId>
	for Rewards<C, Block, AccountId, Balance, BlockNumber>
where
	Block: BlockT,
	C: ProvideRuntimeApi<Block> + HeaderBackend<Block> + Send + Sync + 'static,
	C::Api: RewardsRuntimeApi<Block, AccountId, Balance, BlockNumber>,
	AccountId:
		Codec + Clone + PartialEq + Serialize + for<'de> Deserialize<'de> + Send + Sync + 'static,
	Balance: Codec
		+ Copy
		+ ToString
		+ FromStr
		+ From<u64>
		+ sp_runtime::traits::Saturating
		+ Send
		+ Sync
		+ 'static,
	BlockNumber: Codec + Into<u64> + Send + Sync + 'static,
{
	fn claimable(&self, account: AccountId, at: Option<Block::Hash>) -> RpcResult<String> {
		self.call(at, |api, at| api.claimable(at, account)).map(|b| b.to_string())
	}

	fn total_claimable(&self, at: Option<Block::Hash>) -> RpcResult<String> {
		self.call(at, |api, at| api.total_claimable(at)).map(|b| b.to_string())
	}

	fn royalty_policy(&self, model: ModelId, at: Option<Block::Hash>) -> RpcResult<Policy> {
		self.call(at, |api, at| api.royalty_policy(at, model))?
			.map(Policy::from)
			.ok_or_else(|| error::not_found("model", model))
	}

	fn breakdown(
		&self,
		model: ModelId,
		amount: Amount,
		at: Option<Block::Hash>,
	) -> RpcResult<Breakdown<AccountId>> {
		let value: Balance = amount.parse()?;
		let quote = self
			.call(at, |api, at| api.quote(at, model, value))?
			.map_err(|e| split_error(model, e))?;
		Ok(Breakdown::from_quote(model, value, quote))
	}

	fn parent_minimums(&self, model: ModelId, at: Option<Block::Hash>) -> RpcResult<Vec<u32>> {
		self.call(at, |api, at| api.parent_minimums(at, model))?
			.map(|shares| shares.into_iter().map(|share| share.deconstruct()).collect())
			.ok_or_else(|| error::not_found("model", model))
	}

	fn earnings(
		&self,
		account: AccountId,
		start_after: Option<Source>,
		limit: Option<u32>,
		at: Option<Block::Hash>,
	) -> RpcResult<Page<Earning, Source>> {
		let limit = limit.unwrap_or(DEFAULT_PAGE_SIZE);
		let start_after = start_after.map(RuntimeSource::from);
		let page = self
			.call(at, |api, at| api.earnings(at, account, start_after, limit))?
			.map_err(error::query)?;
		Ok(Page::map(
			page,
			|(source, amount): (RuntimeSource, Balance)| Earning {
				source: source.into(),
				amount: amount.to_string(),
			},
			Source::from,
		))
	}

	fn pool(&self, id: PoolId, at: Option<Block::Hash>) -> RpcResult<Pool<AccountId>> {
		self.call(at, |api, at| api.pool(at, id))?
			.map(pool)
			.ok_or_else(|| error::not_found("pool", id))
	}

	fn pool_standings(&self, id: PoolId, at: Option<Block::Hash>) -> RpcResult<Vec<Standing>> {
		self.call(at, |api, at| api.pool_standings(at, id))?
			.map(|standings| standings.into_iter().map(standing).collect())
			.ok_or_else(|| error::not_found("pool", id))
	}

	fn pool_payout(&self, id: PoolId, at: Option<Block::Hash>) -> RpcResult<Payout<AccountId>> {
		self.call(at, |api, at| api.pool_payout(at, id))?
			.map(payout)
			.ok_or_else(|| error::not_found("pool", id))
	}
}

#[cfg(test)]
mod tests {
	use super::*;
	use sp_runtime::Perbill;

	#[test]
	fn amounts_parse_from_decimal_strings_and_small_numbers() {
		assert_eq!(
			Amount::Decimal("1000000000000000000000".into()).parse::<u128>(),
			Ok(10u128.pow(21))
		);
		assert_eq!(Amount::Number(42).parse::<u128>(), Ok(42));
		assert_eq!(Amount::Decimal(" 7 ".into()).parse::<u128>(), Ok(7));
	}

	#[test]
	fn bad_amounts_are_invalid_params_saying_why() {
		for (given, why) in [
			("", "not a non-negative decimal integer"),
			("-5", "not a non-negative decimal integer"),
			("1.5", "not a non-negative decimal integer"),
			("0x10", "not a non-negative decimal integer"),
			("340282366920938463463374607431768211456", "does not fit a balance"),
		] {
			let e = Amount::Decimal(given.into()).parse::<u128>().unwrap_err();
			assert_eq!(e.code(), INVALID_PARAMS_CODE);
			assert!(e.message().contains(why), "{given}: {}", e.message());
			assert!(e.message().contains(&format!("{given:?}")), "{}", e.message());
		}
	}

	#[test]
	fn amounts_deserialize_from_strings_or_numbers() {
		assert_eq!(serde_json::from_str::<Amount>("\"12\"").unwrap(), Amount::Decimal("12".into()));
		assert_eq!(serde_json::from_str::<Amount>("12").unwrap(), Amount::Number(12));
		assert!(serde_json::from_str::<Amount>("-1").is_err());
	}

	#[test]
	fn split_errors_name_the_cause() {
		let e = split_error::<u128>(3, SplitError::BelowMinimum { minimum: 10_000_000_000 });
		assert_eq!(e.code(), INVALID_PARAMS_CODE);
		assert_eq!(e.message(), "amount is below the minimum usage payment of 10000000000 planck");
		let e = split_error::<u128>(3, SplitError::UnknownModel(3));
		assert_eq!((e.code(), e.message()), (error::NOT_FOUND, "unknown model 3"));
		let e = split_error::<u128>(3, SplitError::UnknownModel(1));
		assert_eq!(e.code(), error::RUNTIME_ERROR);
		assert!(e.message().contains("ancestor 1"));
		let e = split_error::<u128>(3, SplitError::TooComplex { max_models: 32, max_datasets: 16 });
		assert_eq!(e.code(), error::LIMIT_EXCEEDED);
		assert!(e.message().contains("32 model visits and 16 dataset visits"), "{}", e.message());
		let e = split_error::<u128>(3, SplitError::Overflow);
		assert_eq!(e.code(), error::RUNTIME_ERROR);
	}

	#[test]
	fn a_withdrawn_consent_names_the_grant_and_what_unblocks_the_model() {
		let e = split_error::<u128>(3, SplitError::ConsentWithdrawn { grant: 17 });
		assert_eq!(e.code(), error::NOT_PAYABLE);
		assert_eq!(
			e.message(),
			"grant 17 in the consent basis of model 3 was revoked with effect StopUse: the model \
			 may not be paid until a version without it is registered"
		);
	}

	#[test]
	fn missing_terms_name_the_model_without_them() {
		let e = split_error::<u128>(3, SplitError::NoTerms(3));
		assert_eq!(e.code(), error::RUNTIME_ERROR);
		assert_eq!(
			e.message(),
			"model 3 has no royalty terms: it was not registered through the registry"
		);
		let e = split_error::<u128>(3, SplitError::NoTerms(1));
		assert_eq!(e.code(), error::RUNTIME_ERROR);
		assert!(e.message().contains("ancestor 1, which has no royalty terms"), "{}", e.message());
	}

	#[test]
	fn entry_fee_credits_are_named() {
		let c = credit(RuntimeCredit {
			account: 7u64,
			amount: 1_000u128,
			model: 2,
			reason: CreditReason::EntryFee,
		});
		assert_eq!((c.reason.as_str(), c.dataset), ("entryFee", None));
	}

	#[test]
	fn breakdowns_show_the_entry_fees_and_the_charge() {
		let c = |account: u64, amount: u128| RuntimeCredit {
			account,
			amount,
			model: 4,
			reason: CreditReason::ModelOwner,
		};
		let quote = PaymentQuote {
			credits: vec![c(5, 90), c(3, 10)],
			entry_fees: vec![EntryFeeLine { account: 3, entries: 2, amount: 2_000 }],
			charged: 2_100,
		};
		assert_eq!(
			serde_json::to_value(Breakdown::from_quote(4, 100u128, quote)).unwrap(),
			serde_json::json!({
				"model": 4,
				"amount": "100",
				"credits": [
					{"account": 5, "amount": "90", "model": 4, "reason": "modelOwner", "dataset": null},
					{"account": 3, "amount": "10", "model": 4, "reason": "modelOwner", "dataset": null},
				],
				"perAccount": [{"account": 5, "amount": "90"}, {"account": 3, "amount": "10"}],
				"entryFees": [{"account": 3, "entries": 2, "amount": "2000"}],
				"charged": "2100",
			})
		);
	}

	#[test]
	fn sources_are_tagged_by_kind_both_ways() {
		assert_eq!(
			serde_json::to_value(Source::from(RuntimeSource::Model(3))).unwrap(),
			serde_json::json!({"model": 3})
		);
		assert_eq!(
			serde_json::to_value(Source::from(RuntimeSource::Dataset(9))).unwrap(),
			serde_json::json!({"dataset": 9})
		);
		let cursor: Source = serde_json::from_value(serde_json::json!({"dataset": 9})).unwrap();
		assert_eq!(RuntimeSource::from(cursor), RuntimeSource::Dataset(9));
		let cursor: Option<Source> = serde_json::from_value(serde_json::Value::Null).unwrap();
		assert_eq!(cursor, None);
		assert!(serde_json::from_value::<Source>(serde_json::json!({"grant": 1})).is_err());
		assert!(serde_json::from_value::<Source>(serde_json::json!(3)).is_err());
	}

	#[test]
	fn earnings_pages_show_sources_and_decimal_amounts() {
		let page = provenance_primitives::Page {
			items: vec![(RuntimeSource::Model(1), 5u128), (RuntimeSource::Dataset(2), 7u128)],
			next: Some(RuntimeSource::Dataset(2)),
		};
		let page = Page::map(
			page,
			|(source, amount): (RuntimeSource, u128)| Earning {
				source: source.into(),
				amount: amount.to_string(),
			},
			Source::from,
		);
		assert_eq!(
			serde_json::to_value(page).unwrap(),
			serde_json::json!({
				"items": [
					{"source": {"model": 1}, "amount": "5"},
					{"source": {"dataset": 2}, "amount": "7"},
				],
				"next": {"dataset": 2},
			})
		);
	}

	#[test]
	fn pools_show_their_state_and_lossy_metric() {
		let info = PoolInfo {
			sponsor: 7u64,
			benchmark: 2,
			metric: b"accuracy-ppm\xff".to_vec(),
			higher_is_better: true,
			baseline: -5,
			closes_at: 100u32,
			amount: 10u128.pow(21),
			deposit: 640u128,
			state: PoolState::Open,
			entries: 3,
		};
		assert_eq!(
			serde_json::to_value(pool(info.clone())).unwrap(),
			serde_json::json!({
				"sponsor": 7,
				"benchmark": 2,
				"metric": "accuracy-ppm\u{fffd}",
				"higherIsBetter": true,
				"baseline": -5,
				"closesAt": 100,
				"amount": "1000000000000000000000",
				"deposit": "640",
				"state": "open",
				"entries": 3,
			})
		);
		let settling = PoolInfo {
			state: PoolState::Settling { total_weight: u128::MAX, next: 2, spent: 99u128 },
			..info
		};
		assert_eq!(
			serde_json::to_value(pool(settling).state).unwrap(),
			serde_json::json!({"settling": {
				"totalWeight": "340282366920938463463374607431768211455",
				"next": 2,
				"spent": "99",
			}})
		);
	}

	#[test]
	fn standings_show_weights_and_prizes_as_strings() {
		let s = standing(RuntimeStanding {
			model: 4,
			score: -12,
			evaluations: 2,
			weight: 1u128 << 100,
			prize: 33u128,
		});
		assert_eq!(
			serde_json::to_value(s).unwrap(),
			serde_json::json!({
				"model": 4,
				"score": -12,
				"evaluations": 2,
				"weight": "1267650600228229401496703205376",
				"prize": "33",
			})
		);
	}

	#[test]
	fn payouts_show_paid_and_forfeited_prizes() {
		let paid = PrizePayout {
			model: 1,
			prize: 500u128,
			outcome: PrizeOutcome::Paid(PaymentQuote {
				credits: vec![RuntimeCredit {
					account: 5u64,
					amount: 480u128,
					model: 1,
					reason: CreditReason::DatasetOwner { dataset: 8 },
				}],
				entry_fees: vec![EntryFeeLine { account: 5, entries: 2, amount: 20 }],
				charged: 500,
			}),
		};
		let forfeited = PrizePayout {
			model: 2,
			prize: 300u128,
			outcome: PrizeOutcome::Forfeited(SplitError::ConsentWithdrawn { grant: 6 }),
		};
		let p = payout(PoolPayout { prizes: vec![paid, forfeited], returned: 301u128 });
		assert_eq!(
			serde_json::to_value(p).unwrap(),
			serde_json::json!({
				"prizes": [
					{
						"model": 1,
						"prize": "500",
						"outcome": "paid",
						"credits": [{
							"account": 5, "amount": "480", "model": 1,
							"reason": "datasetOwner", "dataset": 8
						}],
						"entryFees": [{"account": 5, "entries": 2, "amount": "20"}],
						"charged": "500",
						"reason": null,
					},
					{
						"model": 2,
						"prize": "300",
						"outcome": "forfeited",
						"credits": [],
						"entryFees": [],
						"charged": "0",
						"reason": "grant 6 in the consent basis of model 2 was revoked with effect \
								   StopUse: the model may not be paid until a version without it \
								   is registered",
					},
				],
				"returned": "301",
			})
		);
	}

	#[test]
	fn credits_name_their_reason_and_dataset() {
		let c = credit(RuntimeCredit {
			account: 7u64,
			amount: 5u128,
			model: 2,
			reason: CreditReason::DatasetContributor { dataset: 9 },
		});
		assert_eq!(
			serde_json::to_value(&c).unwrap(),
			serde_json::json!({
				"account": 7, "amount": "5", "model": 2,
				"reason": "datasetContributor", "dataset": 9
			})
		);
		let c = credit(RuntimeCredit {
			account: 7u64,
			amount: 1u128,
			model: 2,
			reason: CreditReason::Dust,
		});
		assert_eq!((c.reason.as_str(), c.dataset), ("dust", None));
	}

	#[test]
	fn per_account_sums_in_first_appearance_order() {
		let c = |account: u64, amount: u128| RuntimeCredit {
			account,
			amount,
			model: 0,
			reason: CreditReason::ModelOwner,
		};
		let totals = per_account(&[c(5, 10), c(3, 1), c(5, 2), c(9, 4), c(3, 3)]);
		assert_eq!(totals, vec![(5, 12), (3, 4), (9, 4)]);
	}

	#[test]
	fn policies_show_parts_per_billion_and_the_owner_rest() {
		let p = Policy::from(RoyaltyPolicy {
			parent_share: Perbill::from_percent(10),
			dataset_share: Perbill::from_percent(20),
			min_derivative_share: Perbill::from_percent(5),
		});
		assert_eq!(
			p,
			Policy {
				parent_share_parts_per_billion: 100_000_000,
				dataset_share_parts_per_billion: 200_000_000,
				min_derivative_share_parts_per_billion: 50_000_000,
				owner_share_parts_per_billion: 700_000_000,
			}
		);
	}
}
