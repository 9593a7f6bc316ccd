//! The runtime APIs the node and clients call.

use alloc::vec::Vec;
use frame_support::{
	genesis_builder_helper::get_preset,
	view_functions::{ViewFunctionDispatchError, ViewFunctionId},
	weights::Weight,
};
use pallet_grandpa::AuthorityId as GrandpaId;
use sp_api::impl_runtime_apis;
use sp_consensus_aura::sr25519::AuthorityId as AuraId;
use sp_core::{crypto::KeyTypeId, OpaqueMetadata};
use sp_runtime::{
	traits::{Block as BlockT, NumberFor},
	transaction_validity::{TransactionSource, TransactionValidity},
	ApplyExtrinsicResult,
};
use sp_version::RuntimeVersion;

use pallet_consent_runtime_api::{AccessRecord, GrantInfo};
use pallet_datasets_runtime_api::{AttestationInfo, DatasetInfo, DerivationKind};
use pallet_lineage_runtime_api::{
	AnchorInfo, ConsentStatus, EvaluationInfo, LineageGraph, LineageNode, ModelInfo,
};
use pallet_rewards_runtime_api::{
	Credit, PaymentQuote, PoolId, PoolInfo, PoolPayout, RoyaltyPolicy, Source, SplitError, Standing,
};
use provenance_primitives::{DatasetId, GrantId, ModelId, Page, Purpose, QueryError};

use super::{
	AccountId, Aura, Balance, Block, BlockNumber, Consent, Datasets, Executive, Grandpa, Hash,
	Historical, InherentDataExt, Lineage, Nonce, Rewards, Runtime, RuntimeCall,
	RuntimeGenesisConfig, SessionKeys, System, TransactionPayment, VERSION,
};

impl_runtime_apis! {
	impl sp_api::Core<Block> for Runtime {
		fn version() -> RuntimeVersion {
			VERSION
		}

		fn execute_block(block: <Block as BlockT>::LazyBlock) {
			Executive::execute_block(block);
		}

		fn initialize_block(header: &<Block as BlockT>::Header) -> sp_runtime::ExtrinsicInclusionMode {
			Executive::initialize_block(header)
		}
	}

	impl sp_api::Metadata<Block> for Runtime {
		fn metadata() -> OpaqueMetadata {
			OpaqueMetadata::new(Runtime::metadata().into())
		}

		fn metadata_at_version(version: u32) -> Option<OpaqueMetadata> {
			Runtime::metadata_at_version(version)
		}

		fn metadata_versions() -> Vec<u32> {
			Runtime::metadata_versions()
		}
	}

	impl frame_support::view_functions::runtime_api::RuntimeViewFunction<Block> for Runtime {
		fn execute_view_function(id: ViewFunctionId, input: Vec<u8>) -> Result<Vec<u8>, ViewFunctionDispatchError> {
			Runtime::execute_view_function(id, input)
		}
	}

	impl sp_block_builder::BlockBuilder<Block> for Runtime {
		fn apply_extrinsic(extrinsic: <Block as BlockT>::Extrinsic) -> ApplyExtrinsicResult {
			Executive::apply_extrinsic(extrinsic)
		}

		fn finalize_block() -> <Block as BlockT>::Header {
			Executive::finalize_block()
		}

		fn inherent_extrinsics(data: sp_inherents::InherentData) -> Vec<<Block as BlockT>::Extrinsic> {
			data.create_extrinsics()
		}

		fn check_inherents(
			block: <Block as BlockT>::LazyBlock,
			data: sp_inherents::InherentData,
		) -> sp_inherents::CheckInherentsResult {
			data.check_extrinsics(&block)
		}
	}

	impl sp_transaction_pool::runtime_api::TaggedTransactionQueue<Block> for Runtime {
		fn validate_transaction(
			source: TransactionSource,
			tx: <Block as BlockT>::Extrinsic,
			block_hash: <Block as BlockT>::Hash,
		) -> TransactionValidity {
			Executive::validate_transaction(source, tx, block_hash)
		}
	}

	impl sp_offchain::OffchainWorkerApi<Block> for Runtime {
		fn offchain_worker(header: &<Block as BlockT>::Header) {
			Executive::offchain_worker(header)
		}
	}

	impl sp_consensus_aura::AuraApi<Block, AuraId> for Runtime {
		fn slot_duration() -> sp_consensus_aura::SlotDuration {
			sp_consensus_aura::SlotDuration::from_millis(Aura::slot_duration())
		}

		fn authorities() -> Vec<AuraId> {
			pallet_aura::Authorities::<Runtime>::get().into_inner()
		}
	}

	impl sp_session::SessionKeys<Block> for Runtime {
		fn generate_session_keys(
			owner: Vec<u8>,
			seed: Option<Vec<u8>>,
		) -> sp_session::OpaqueGeneratedSessionKeys {
			SessionKeys::generate(&owner, seed).into()
		}

		fn decode_session_keys(encoded: Vec<u8>) -> Option<Vec<(Vec<u8>, KeyTypeId)>> {
			SessionKeys::decode_into_raw_public_keys(&encoded)
		}
	}

	impl sp_consensus_grandpa::GrandpaApi<Block> for Runtime {
		fn grandpa_authorities() -> sp_consensus_grandpa::AuthorityList {
			Grandpa::grandpa_authorities()
		}

		fn current_set_id() -> sp_consensus_grandpa::SetId {
			Grandpa::current_set_id()
		}

		fn submit_report_equivocation_unsigned_extrinsic(
			equivocation_proof: sp_consensus_grandpa::EquivocationProof<
				<Block as BlockT>::Hash,
				NumberFor<Block>,
			>,
			key_owner_proof: sp_consensus_grandpa::OpaqueKeyOwnershipProof,
		) -> Option<()> {
			let key_owner_proof = key_owner_proof.decode()?;
			Grandpa::submit_unsigned_equivocation_report(equivocation_proof, key_owner_proof)
		}

		fn generate_key_ownership_proof(
			_set_id: sp_consensus_grandpa::SetId,
			authority_id: GrandpaId,
		) -> Option<sp_consensus_grandpa::OpaqueKeyOwnershipProof> {
			use codec::Encode;
			use frame_support::traits::KeyOwnerProofSystem;
			Historical::prove((sp_consensus_grandpa::KEY_TYPE, authority_id))
				.map(|p| p.encode())
				.map(sp_consensus_grandpa::OpaqueKeyOwnershipProof::new)
		}
	}

	impl frame_system_rpc_runtime_api::AccountNonceApi<Block, AccountId, Nonce> for Runtime {
		fn account_nonce(account: AccountId) -> Nonce {
			System::account_nonce(account)
		}
	}

	impl pallet_transaction_payment_rpc_runtime_api::TransactionPaymentApi<Block, Balance> for Runtime {
		fn query_info(
			uxt: <Block as BlockT>::Extrinsic,
			len: u32,
		) -> pallet_transaction_payment_rpc_runtime_api::RuntimeDispatchInfo<Balance> {
			TransactionPayment::query_info(uxt, len)
		}
		fn query_fee_details(
			uxt: <Block as BlockT>::Extrinsic,
			len: u32,
		) -> pallet_transaction_payment::FeeDetails<Balance> {
			TransactionPayment::query_fee_details(uxt, len)
		}
		fn query_weight_to_fee(weight: Weight) -> Balance {
			TransactionPayment::weight_to_fee(weight)
		}
		fn query_length_to_fee(length: u32) -> Balance {
			TransactionPayment::length_to_fee(length)
		}
	}

	impl pallet_transaction_payment_rpc_runtime_api::TransactionPaymentCallApi<Block, Balance, RuntimeCall>
		for Runtime
	{
		fn query_call_info(
			call: RuntimeCall,
			len: u32,
		) -> pallet_transaction_payment::RuntimeDispatchInfo<Balance> {
			TransactionPayment::query_call_info(call, len)
		}
		fn query_call_fee_details(
			call: RuntimeCall,
			len: u32,
		) -> pallet_transaction_payment::FeeDetails<Balance> {
			TransactionPayment::query_call_fee_details(call, len)
		}
		fn query_weight_to_fee(weight: Weight) -> Balance {
			TransactionPayment::weight_to_fee(weight)
		}
		fn query_length_to_fee(length: u32) -> Balance {
			TransactionPayment::length_to_fee(length)
		}
	}

	impl pallet_datasets_runtime_api::DatasetsApi<Block, AccountId, Balance, BlockNumber> for Runtime {
		fn dataset(id: DatasetId) -> Option<DatasetInfo<AccountId, Balance, BlockNumber>> {
			Datasets::dataset_info(id)
		}
		fn dataset_by_content_hash(content_hash: Hash) -> Option<DatasetInfo<AccountId, Balance, BlockNumber>> {
			Datasets::dataset_by_content_hash(content_hash)
		}
		fn derivations(
			id: DatasetId,
			start_after: Option<DatasetId>,
			limit: u32,
		) -> Result<Page<(DatasetId, DerivationKind), DatasetId>, QueryError> {
			Datasets::derivations(id, start_after, limit)
		}
		fn ancestry(id: DatasetId, max_depth: u32) -> Result<Vec<(DatasetId, DerivationKind)>, QueryError> {
			Datasets::ancestry(id, max_depth)
		}
		fn attestations(
			id: DatasetId,
			start_after: Option<u32>,
			limit: u32,
		) -> Result<Page<AttestationInfo<AccountId, BlockNumber, Balance>, u32>, QueryError> {
			Datasets::attestations(id, start_after, limit)
		}
		fn is_attestor(who: AccountId) -> bool {
			Datasets::is_attestor(&who)
		}
	}

	impl pallet_consent_runtime_api::ConsentApi<Block, AccountId, BlockNumber, Balance> for Runtime {
		fn grant(id: GrantId) -> Option<GrantInfo<AccountId, BlockNumber, Balance>> {
			Consent::grant_info(id)
		}
		fn consent_status(
			dataset: DatasetId,
			who: AccountId,
			purpose: Purpose,
		) -> Result<Option<GrantId>, QueryError> {
			Consent::consent_status(dataset, &who, purpose)
		}
		fn dataset_grants(
			dataset: DatasetId,
			start_after: Option<GrantId>,
			limit: u32,
		) -> Result<Page<GrantInfo<AccountId, BlockNumber, Balance>, GrantId>, QueryError> {
			Consent::dataset_grants(dataset, start_after, limit)
		}
		fn account_grants(
			who: AccountId,
			start_after: Option<GrantId>,
			limit: u32,
		) -> Result<Page<GrantInfo<AccountId, BlockNumber, Balance>, GrantId>, QueryError> {
			Consent::account_grants(&who, start_after, limit)
		}
		fn access_log(
			grant: GrantId,
			start_after: Option<u32>,
			limit: u32,
		) -> Result<Page<AccessRecord<AccountId, BlockNumber, Balance>, u32>, QueryError> {
			Consent::access_log(grant, start_after, limit)
		}
	}

	impl pallet_lineage_runtime_api::LineageApi<Block, AccountId, Balance, BlockNumber> for Runtime {
		fn model(id: ModelId) -> Option<ModelInfo<AccountId, Balance, BlockNumber>> {
			Lineage::model_info(id)
		}
		fn ancestors(model: ModelId, max_depth: u32) -> Result<LineageGraph, QueryError> {
			Lineage::ancestors(model, max_depth)
		}
		fn descendants(root: LineageNode, max_depth: u32) -> Result<LineageGraph, QueryError> {
			Lineage::descendants(root, max_depth)
		}
		fn consent_status(model: ModelId) -> Result<ConsentStatus<BlockNumber>, QueryError> {
			Lineage::consent_status(model)
		}
		fn impact(
			grant: GrantId,
			start_after: Option<ModelId>,
			limit: u32,
		) -> Result<Page<ModelId, ModelId>, QueryError> {
			Lineage::impact(grant, start_after, limit)
		}
		fn evaluations(
			model: ModelId,
			start_after: Option<u32>,
			limit: u32,
		) -> Result<Page<EvaluationInfo<AccountId, Balance, BlockNumber>, u32>, QueryError> {
			Lineage::evaluations(model, start_after, limit)
		}
		fn anchors(
			model: ModelId,
			start_after: Option<u32>,
			limit: u32,
		) -> Result<Page<AnchorInfo<AccountId, Balance, BlockNumber>, u32>, QueryError> {
			Lineage::anchors(model, start_after, limit)
		}
	}

	impl pallet_rewards_runtime_api::RewardsApi<Block, AccountId, Balance, BlockNumber> for Runtime {
		fn claimable(who: AccountId) -> Balance {
			Rewards::claimable(&who)
		}
		fn total_claimable() -> Balance {
			Rewards::total_claimable()
		}
		fn royalty_policy(model: ModelId) -> Option<RoyaltyPolicy> {
			Rewards::royalty_policy(model)
		}
		fn breakdown(
			model: ModelId,
			amount: Balance,
		) -> Result<Vec<Credit<AccountId, Balance>>, SplitError<Balance>> {
			Rewards::breakdown(model, amount)
		}
		fn quote(
			model: ModelId,
			amount: Balance,
		) -> Result<PaymentQuote<AccountId, Balance>, SplitError<Balance>> {
			Rewards::quote(model, amount)
		}
		fn parent_minimums(model: ModelId) -> Option<Vec<sp_runtime::Perbill>> {
			Rewards::parent_minimums(model)
		}
		fn earnings(
			who: AccountId,
			start_after: Option<Source>,
			limit: u32,
		) -> Result<Page<(Source, Balance), Source>, QueryError> {
			Rewards::earnings(&who, start_after, limit)
		}
		fn pool(id: PoolId) -> Option<PoolInfo<AccountId, Balance, BlockNumber>> {
			Rewards::pool(id)
		}
		fn pool_standings(id: PoolId) -> Option<Vec<Standing<Balance>>> {
			Rewards::pool_standings(id)
		}
		fn pool_payout(id: PoolId) -> Option<PoolPayout<AccountId, Balance>> {
			Rewards::pool_payout(id)
		}
	}

	#[cfg(feature = "runtime-benchmarks")]
	impl frame_benchmarking::Benchmark<Block> for Runtime {
		fn benchmark_metadata(extra: bool) -> (
			Vec<frame_benchmarking::BenchmarkList>,
			Vec<frame_support::traits::StorageInfo>,
		) {
			use frame_benchmarking::{baseline, BenchmarkList};
			use frame_support::traits::StorageInfoTrait;
			use frame_system_benchmarking::Pallet as SystemBench;
			use baseline::Pallet as BaselineBench;
			use crate::benchmarks::SessionBench;
			use super::*;

			let mut list = Vec::<BenchmarkList>::new();
			list_benchmarks!(list, extra);

			let storage_info = AllPalletsWithSystem::storage_info();
			(list, storage_info)
		}

		fn dispatch_benchmark(
			config: frame_benchmarking::BenchmarkConfig,
		) -> Result<Vec<frame_benchmarking::BenchmarkBatch>, alloc::string::String> {
			use frame_benchmarking::{baseline, BenchmarkBatch};
			use sp_storage::TrackedStorageKey;
			use frame_system_benchmarking::Pallet as SystemBench;
			use baseline::Pallet as BaselineBench;
			use frame_support::traits::WhitelistedStorageKeys;
			use crate::benchmarks::SessionBench;
			use super::*;

			let whitelist: Vec<TrackedStorageKey> = AllPalletsWithSystem::whitelisted_storage_keys();
			let mut batches = Vec::<BenchmarkBatch>::new();
			let params = (&config, &whitelist);
			add_benchmarks!(params, batches);
			Ok(batches)
		}
	}

	#[cfg(feature = "try-runtime")]
	impl frame_try_runtime::TryRuntime<Block> for Runtime {
		fn on_runtime_upgrade(checks: frame_try_runtime::UpgradeCheckSelect) -> (Weight, Weight) {
			// try-runtime is an off-chain tool: a failed check must stop it loudly with a backtrace.
			#[allow(clippy::unwrap_used)]
			let weight = Executive::try_runtime_upgrade(checks).unwrap();
			(weight, super::configs::RuntimeBlockWeights::get().max_block)
		}

		fn execute_block(
			block: <Block as BlockT>::LazyBlock,
			state_root_check: bool,
			signature_check: bool,
			select: frame_try_runtime::TryStateSelect,
		) -> Weight {
			#[allow(clippy::expect_used)]
			Executive::try_execute_block(block, state_root_check, signature_check, select)
				.expect("execute-block failed")
		}
	}

	impl sp_genesis_builder::GenesisBuilder<Block> for Runtime {
		fn build_state(config: Vec<u8>) -> sp_genesis_builder::Result {
			crate::genesis_config_presets::build_state(config)
		}

		fn get_preset(id: &Option<sp_genesis_builder::PresetId>) -> Option<Vec<u8>> {
			get_preset::<RuntimeGenesisConfig>(id, crate::genesis_config_presets::get_preset)
		}

		fn preset_names() -> Vec<sp_genesis_builder::PresetId> {
			crate::genesis_config_presets::preset_names()
		}
	}
}
