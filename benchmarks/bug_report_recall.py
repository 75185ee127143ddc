"""Recall on realistic training scripts rebuilt from public bug reports.

    python benchmarks/bug_report_recall.py [--misses] [--run]

``benchmarks/bug_reports/`` holds, for each report, a runnable script with the
reported bug (``NN_name.py``: its header names the report's address and says
``Bug (planted: TL00x)``) and its fixed twin (``NN_name_fixed.py``), plus
look-alikes from reports that were not bugs (``lookalike_*.py``). Each script
is linted twice: where it is, with the small CSV files beside it (``data
present``), and under an empty directory (``data absent``: what a checkout
without the data sees). Printed per rule: planted bugs found, and findings on
the fixed twins and look-alikes (false positives).

``--run`` also runs every script with torch (short CPU runs, a few seconds
each, from the scripts' own directory) and checks that each buggy script
really trains wrong: its last line ``RESULT <metric>=<value>`` (R² of the
fit, or accuracy) must be nan or at least 0.05 below its fixed twin's.

KNOWN_MISSES lists the buggy scripts the linter does not find yet, each with
the construct that hides the bug, and KNOWN_FALSE_POSITIVES the clean scripts
it reports all the same, each with why; tests/test_bug_reports.py holds the
linter to finding every other bug and to silence on every other clean script.
Not a test.
"""

from __future__ import annotations

import argparse
import math
import os
import re
import subprocess
import sys
import tempfile
from typing import Dict, List, Optional, Tuple

from torchlint.engine import Selection, lint_text

BUG_REPORTS = os.path.join(os.path.dirname(os.path.abspath(__file__)), "bug_reports")
RULES = ("TL001", "TL002")
SELECTION = Selection(RULES)

# Buggy scripts the linter misses today: the construct that hides each bug.
KNOWN_MISSES: Dict[str, str] = {
    "29_adc_10bit_inputs.py": "ADC counts made as amp[:, None] * np.exp(-k[:, None] * ch) (clipped to 0..1023): "
    "the size of an exponential is not followed, and a product with a value of unknown size has none",
    "36_cnn_batch_folded_view.py": "x.view(-1, 8 * 16 * 4 * 4) folds the batch of 8 into one row: the first dim of a "
    "view whose -1 divides a batch of unknown size is not known",
    "37_sac_logprob_target.py": "a replay buffer {k: [] for k in KEYS} filled per key in a loop, concatenated per key "
    "in a dict comprehension and passed on as *(buf[k][idx] for k in KEYS)",
    "38_gnn_graph_pool_regression.py": "graph records Data(**kw) whose __init__ runs self.__dict__.update(kw), batched "
    "by a collate function of the file's own",
    "19_label_lookup_broadcast.py": "the label is looked up in a pandas frame by the batch's first subject id "
    "(df.loc[df.subject == batch['subject_id'][0], 'label']): a (1,) value no shape of which is followed",
    "57_drr_to_ct_recon.py": "features.view(-1, 16, 4, 4, 4) on an input twice the size the encoder was built for: "
    "how many items a view with -1 makes of a symbolic batch is not computed",
    "64_deepfm_raw_counts.py": "the raw counts (measured, up to ~33,000) only scale embedding outputs in DeepFM's "
    "forward (emb(Xi[:, i]) * Xv[:, i:i + 1]): no layer with weights takes them as its input",
    "96_rent_sigmoid_net_raw_sqft.py": "rows kept as brain.js-style dicts ({'input': {...}, 'output': {...}}) and "
    "turned into tensors by a helper over dict values",
    "102_seq2seq_stock_last_logit.py": "a window cut from a frame in the training loop (df.iloc[k + 1:k + T + 1]) "
    "is taken for a mini-batch whose size may be 1, so a (1, F) prediction against it is not known to broadcast",
    "415_lstm_all_steps_one_target.py": "one window at a time: the per-step outputs (10, 1) against the next value "
    "(1, 1), one reference broadcast over the steps, as per-step losses against one target are also written on purpose "
    "(as 103)",
    "422_vggface_mean_only_preprocess.py": "pixels only mean-centred per channel in place (x[..., 0] -= 93.594), "
    "Caffe-style, into a CNN trained from scratch with SGD: a mean subtracted from pixels counts as their scale seen "
    "to, as it is for a pretrained VGG (as 363)",
    "433_daily_series_epoch_seconds.py": "Unix timestamps divided by 1e10 (0.158..0.164): a division by a constant "
    "counts as rescaling on purpose, though the values stay uncentred with a spread of a few hundredths of their size",
    "436_conv1d_forty_raw_features.py": "forty table columns (~6,000 beside ~0.02) made the length axis of a Conv1d "
    "(X.view(-1, 1, 40)): columns along a convolution's length are positions of one channel, not compared",
    "103_lstm_sentence_score_per_token.py": "per-token outputs (L, 1) against a sentence's one score (1,): a single "
    "target broadcast over the steps, as deliberate per-step losses also write it",
    "119_bagging_1d_target.py": "fit(X, y) of a scikit-learn compatible wrapper, called by BaggingRegressor inside "
    "scikit-learn: the y it gets is not followed",
    "132_sr_luma_target.py": "the output's 3 channels each compared with the target's one ((B, 3, H, W) against "
    "(B, 1, H, W)): broadcasting along an inner axis is how losses over several predictions of one target are written "
    "on purpose too, so it is left alone",
    "136_wav_int16_lstm_enhance.py": "int16 audio samples read with scipy.io.wavfile in a Dataset: .wav files are "
    "not measured",
    "139_uint8_images_getitem.py": "raw pixels trained with Adam, on which they cost a small CNN no accuracy "
    "(measured; the classifier here reaches 1.000); the harm is the sigmoid decoder's reconstruction of raw 0..255 "
    "targets by a sigmoid's outputs (0..1), in a loss written by hand ((recon - imgs) ** 2).sum(dim=(1, 2, 3)): "
    "TL002's target check takes the library's regression losses",
    "163_sgd_tiny_target.py": "the target's scale, not the features' (returns of std ~1e-3 fitted with SGD from a "
    "kaiming init): a target too small; TL002 checks targets far above unit scale only",
    "168_yield_lstm_raw_predict.py": "training is right (scaled inputs and targets); raw inputs reach the model only "
    "in a predict function under no_grad, whose outputs are then read as kg/ha: TL002 looks at training",
    "172_facial_keypoints_pixels.py": "the targets' scale, not the features' (key points in pixel coordinates, "
    "15..80, regressed with SGD at lr 0.01; the images are scaled): size times lr is 0.8, below the 1 from which SGD was "
    "measured diverging (benchmarks/static_scale_effect.py --target)",
    "173_fashion_mlp_uint8.py": "raw pixels into an MLP trained with Adam: TL002 leaves pixels with Adam alone "
    "(measured harmless on a small CNN, bug report 139), here the MLP ends at 0.24 accuracy against 0.99",
    "177_analytic_relative_l1.py": "(B, 1) predictions meet (B,) terms inside a hand-written residual "
    "(y_est + f(x[:, i]) ...), then F.l1_loss against zeros(B): the broadcast is inside the prediction's "
    "arithmetic, not between a loss's two arguments",
    "375_ppo_reward_state_unbatched.py": "GAE returns appended to a deque with appendleft of gae + values[step], "
    "gae a loop-carried 0 on the first step and a (1,) tensor after: a number joined with an array is not followed, "
    "so the (T,) returns never get a shape",
    "65_uint8_mri_slices_cnn.py": "8-bit images drawn in 0..40 and brightened in place on parts (imgs[:, 0][:, head] "
    "+= 100): the values an in-place add on a part reaches are not followed",
    "199_cart_dqn_reward_shape.py": "states from an environment whose step() returns None or an array built from "
    "ints that are None on another path (p2, v2 = None, None when the cart leaves the track): a number that may be "
    "None is not followed, so the batch of states, and the target network's output, have no known shape",
    "207_logreg_rowwise_standardize.py": "a standardization loop over range(x.shape[1]) that indexes rows (x[i]) "
    "instead of columns: it divides the first 30 samples and leaves the rest raw, and the features count as "
    "normalized",
    "208_ser_raw_wav_scale.py": "int16 waveforms made as a sum of harmonics divided by their number k "
    "(sin(...) / k for k in range(1, n)): the size of a division by a range of ints is not followed",
    "209_wakeword_int16_spectrum.py": "int16 audio through sliding_window_view, np.hanning and np.fft.rfft "
    "magnitudes: the size of a spectrum is not followed",
    "214_watchmal_time_channel_unscaled.py": "channels scaled in a loop over a dict by factors looked up with "
    "SCALING.get(name, default): the time channel's missing entry (scale 1.0) is not told from the charge's",
    "216_matchpyramid_raw_w2v.py": "pretrained word vectors of norms ~140-420 loaded with "
    "nn.Embedding.from_pretrained and never normalized: what an embedding gives is no raw feature to TL002",
    "219_digits_sigmoid_raw_pixels.py": "templates made as np.clip(rand + 0.6 * (rand - 0.5), 0, 1): rand shifted "
    "down by half its size may come near zero, so the size is not known, and a clip's bounds are no typical size",
    "231_fm_raw_numeric_nan.py": "rows made as dicts per itertuples() row (float(getattr(r, c)) for each numeric "
    "column) and one-hot encoded by sklearn's DictVectorizer: its output is not modelled",
    "250_eeg_bandpower_regressor.py": "the model rebuilt layer by layer (model.add_module in a loop over "
    "classifier.named_children(), skipping the softmax by name): its output's shape is not known",
    "251_pcp_chord_mlp.py": "pitch-class energies summed from np.fft.rfft power spectra: the size of a spectrum is "
    "not followed",
    "252_int16_wave_cnn.py": "int16 clips written and read back with scipy.io.wavfile through io.BytesIO: .wav "
    "data is not measured",
    "253_spectrogram_mlp_pitch.py": "magnitude spectrograms (np.abs(np.fft.rfft(frames * np.hanning(n)))) of synthesized "
    "notes: the size of a spectrum is not followed",
    "266_battery_lstm_raw_inputs.py": "rows appended as tuples in a while loop that carries its own clock "
    "(t += dt while t < 3600), runs separated by None rows, windows cut per run: the tuples' sizes, a loop-carried "
    "float's, and items that are None on some rows are not followed",
    "279_molgraph_label_shape.py": "graphs pooled to int(batch.max()) + 1 rows by index_add_ against labels "
    "concatenated by the file's own collate: that the two counts are the batch's graphs is not known",
    "281_chemprop_extra_descriptors_unscaled.py": "the raw descriptors enter the second layer, concatenated with "
    "the fingerprint encoder's output (torch.cat([h, x_d])): TL002 looks at what the first layer with weights takes",
    "282_scrna_encoder_raw_counts.py": "counts drawn by rng.poisson with an array of rates (props * lib_size[:, None]): "
    "draws with array parameters have no size followed; and a log1p on one branch of the item's if counts as "
    "normalized",
    "285_vae_raw_pixels.py": "raw pixels into a VAE trained with Adam (left alone, as for a CNN), whose harm is the "
    "Bernoulli reconstruction term's targets outside 0..1: a loss whose target range is wrong is no scale finding",
    "286_gene_vae.py": "log2-CPM values (~0..15) into a VAE whose binary cross-entropy needs targets in 0..1: "
    "the features are of one modest size; the harm is the loss's target range",
    "287_cmapss_lstm_raw_sensors.py": "rows built by a comprehension over zip(BASE, DRIFT, NOISE) lists per cycle, "
    "a DataFrame made of those rows with a columns= list, then windows cut per groupby group: the sizes of "
    "list rows made in a loop are not followed into the frame",
    "296_sentinel2_dn_mlp.py": "bands made in a loop over a dict of reflectances (for k, r in refl.items(): "
    "bands_data[k] = ...), each a sum of draws with differences (0.03 + 0.05 * soil - 0.01 * veg) whose size is "
    "not followed, then picked by a comprehension over the band names",
    "309_post_likes_scale.py": "CountVectorizer counts (a width of unknown size) stacked before the length "
    "columns: the known columns follow one-hot-like ones of unknown number, so no position is claimed",
    "310_bow_sigmoid_classifier.py": "word counts made by np.add.at(X[i], d, 1.0) into zeros: the values an "
    "unbuffered add writes are not followed",
    "322_square_trainer_raw.py": "one input of ~10 (np.linspace(-10, 10)) into a ReLU MLP fitting x² with SGD at lr "
    "1e-3 (lr x 10² = 0.1): the first layer's kinks stay near 0, but round 14's look-alike of readings ~40..140 at "
    "lr 1e-5 (lr x size² 0.2) trained well; the shapes and sizes do not tell the two apart",
    "325_rod_heat_raw_coords.py": "times made as np.arange(len(snapshots)) * 100 * dt, snapshots appended under "
    "`if i % 100 == 0` in a loop of int(t_sim / dt) steps: how many appends a conditional makes is not followed, "
    "so the times' size (up to ~60 s) is unknown",
    "353_kc_house_mixedcsv_raw.py": "each item concatenated in __getitem__ by a loop over a pandas row's items "
    "(sample.items()), a part per column from an encoder looked up by name or the raw value: which column each "
    "part holds, and so the raw columns' sizes, are not followed",
    "363_lane_seg_imgnorm_std_one.py": "pixels only mean-centred by a config's img_norm (std of ones), Caffe-style, "
    "into a net without batch norm: a mean subtracted from pixels counts as their scale seen to, as it is in VGG-style "
    "preprocessing",
    "364_informer_ms_target_unscaled.py": "columns ordered by header.index() of names read from the file and picked per "
    "row by a comprehension over those positions: which column each position is, and so the raw target channel's "
    "size, is not followed",
    "365_perceptron_tv_sales_global_mean_norm.py": "standardized with one mean and std over all columns at once "
    "(np.mean(adv) with no axis): a whole-array statistic counts as normalizing every column",
    "360_recbole_timestamp_float_field.py": "fields parsed by a typed header (name:float) into a dict of columns by a "
    "dataset class, and the raw timestamps (~1.5e9) only scale embedding vectors (float_embedding * x.unsqueeze(2)) in "
    "a wide & deep forward: no layer with weights takes them as its input",
    "368_streaming_fm_side_features.py": "a streaming pipeline (river-style learn_one / predict_one over dicts per "
    "event) whose factorization machine looks each feature up by name in a vocabulary: the raw timestamp's value "
    "reaches no layer this evaluator follows",
    "369_ppo_critic_unnormalized_obs.py": "observations normalized by running statistics that only the actor's "
    "normalizer updates: the critic's normalizer, never updated, keeps its initial mean 0 and std 1, and a division by "
    "a running std counts as normalized",
    "370_finger_net_laser_field.py": "the forward min-max scales its input into a new name, then feeds each "
    "coordinate's sub-network a slice of the raw input (x_in[:, i]) through a ModuleList of ModuleLists built in "
    "loops: which tensor each first layer takes is not followed",
    "401_bc_pretrain_expert_frames.py": "raw pixels into a tanh MLP policy trained with Adam (0.48 against 0.69 "
    "accuracy): pixels with adaptive optimizers are left alone, measured harmless on a small CNN and on an MLP of "
    "sklearn's digits (benchmarks/static_scale_effect.py --pixels, --mlp-pixels)",
    "402_garage_cnn_q_pixels.py": "frames kept in an instance's list filled by self.obs.extend(frames) in a method, "
    "then np.stack(self.obs) in another: the list's items are not followed; and pixels with Adam are left alone",
    "403_matting_vgg_raw_rgb.py": "a composite alpha * fg + (1 - alpha) * bg whose alpha comes from np.clip(..., 0, 1) "
    "of values of no known size: a clip's bounds are no typical size, so the composite has none; and pixels with "
    "Adam are left alone",
    "410_per_timestep_tagger_bce.py": "binary cross-entropy written from logits as softplus(z) - y * z on recordings "
    "fed one at a time ((1, T, 1) against (1, T)) whose length T varies: the difference of a softplus and a "
    "product is no loss form read here, and a batch of one leads its shape",
    "355_pct_change_new_feature.py": "percent changes (a[1:] / a[:-1] - 1) of a series of jumps (exp of a clipped "
    "random walk): the size of a series' ratio to itself is not followed; its typical change is a few units, the "
    "harm its rare peaks of ~25 with SGD and momentum",
}

_PLANTED = re.compile(r"^# Bug \(planted: (TL\d{3})\):", re.MULTILINE)
_RESULT = re.compile(r"^RESULT (\w+)=(\S+)$", re.MULTILINE)
# How much worse than its fixed twin a buggy script must end to count as training wrong.
WORSE_BY = 0.05

# Clean scripts (fixed twins, look-alikes) the linter reports all the same: why.
KNOWN_FALSE_POSITIVES: Dict[str, str] = {
    "lookalike_branching_dqn_shared_target.py": "a branching DQN regresses each branch's Q-values (B, 2) toward one "
    "shared TD target (B, 1) on purpose; TL001 takes a (B, 1) target against (B, K) outputs for a dropped column, "
    "as it is in bug report 210 (three targets reshaped into one column): the shapes do not tell the two apart",
}


def buggy_scripts() -> List[Tuple[str, str]]:
    """(file name, planted code) of each buggy script, in order."""
    found = []
    for name in sorted(os.listdir(BUG_REPORTS)):
        if not re.fullmatch(r"\d{2,3}_\w+\.py", name) or name.endswith("_fixed.py"):
            continue
        with open(os.path.join(BUG_REPORTS, name), encoding="utf-8") as handle:
            match = _PLANTED.search(handle.read())
        if match is None:
            raise SystemExit(f"{name}: no '# Bug (planted: TL00x):' line")
        found.append((name, match.group(1)))
    return found


def clean_scripts() -> List[str]:
    """The fixed twins and the look-alikes: scripts that must stay silent."""
    return sorted(
        name for name in os.listdir(BUG_REPORTS) if name.endswith("_fixed.py") or re.fullmatch(r"lookalike_\w+\.py", name)
    )


def twin(name: str) -> str:
    return name[: -len(".py")] + "_fixed.py"


def findings(name: str, data_present: bool, nowhere: str) -> List[str]:
    """``CODE line: message`` for each TL001/TL002 finding on one script."""
    path = os.path.join(BUG_REPORTS, name)
    with open(path, encoding="utf-8") as handle:
        text = handle.read()
    where = path if data_present else os.path.join(nowhere, name)
    return [f"{d.code} {d.line}: {d.message}" for d in lint_text(text, where, SELECTION)]


def lint_all(nowhere: str) -> Dict[Tuple[str, bool], List[str]]:
    names = [name for name, _ in buggy_scripts()] + clean_scripts()
    return {(name, present): findings(name, present, nowhere) for name in names for present in (True, False)}


def report_recall(results: Dict[Tuple[str, bool], List[str]], misses: bool) -> None:
    bugs = buggy_scripts()
    for code in RULES:
        planted = [name for name, planted_code in bugs if planted_code == code]
        found_with_data: List[str] = []
        for present in (True, False):
            found = [name for name in planted if any(f.startswith(code) for f in results[(name, present)])]
            share = f"{len(found) / len(planted):.0%}" if planted else "-"
            where = "present" if present else "absent"
            print(f"{code} data {where}: {len(found)} of {len(planted)} planted bugs found ({share})")
            if misses:
                for name in planted:
                    if name not in found:
                        reason = KNOWN_MISSES.get(name, "not a known miss")
                        if name in found_with_data:
                            reason = "found with its data file"
                        print(f"    missed: {name} ({reason})")
            found_with_data = found
    clean = clean_scripts()
    for present in (True, False):
        noisy = [name for name in clean if results[(name, present)]]
        where = "present" if present else "absent"
        print(f"false positives, data {where}: {len(noisy)} of {len(clean)} clean scripts")
        for name in noisy:
            known = " (a known false positive)" if name in KNOWN_FALSE_POSITIVES else ""
            for finding in results[(name, present)]:
                print(f"    {name}{known}: {finding}")


def run_script(name: str) -> Tuple[Optional[str], float]:
    """The metric a script prints last, and its value (nan when it failed)."""
    completed = subprocess.run(
        [sys.executable, name], cwd=BUG_REPORTS, capture_output=True, text=True, timeout=300, check=False
    )
    results = _RESULT.findall(completed.stdout)
    if completed.returncode != 0 or not results:
        tail = (completed.stderr or completed.stdout).strip().splitlines()[-1:]
        print(f"    {name} failed: {tail}")
        return None, math.nan
    metric, value = results[-1]
    return metric, float(value)


def report_runs() -> None:
    wrong = 0
    bugs = buggy_scripts()
    for name, code in bugs:
        metric, buggy = run_script(name)
        _, fixed = run_script(twin(name))
        trains_wrong = not math.isnan(fixed) and (math.isnan(buggy) or buggy < fixed - WORSE_BY)
        wrong += trains_wrong
        verdict = "trains wrong" if trains_wrong else "NOT SHOWN WRONG"
        print(f"  {name} ({code}): {metric} {buggy:.3f}, fixed twin {fixed:.3f}: {verdict}")
    for name in sorted(n for n in clean_scripts() if n.startswith("lookalike_")):
        metric, value = run_script(name)
        print(f"  {name} (look-alike): {metric} {value:.3f}")
    print(f"buggy scripts that train wrong: {wrong} of {len(bugs)}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--misses", action="store_true", help="list the buggy scripts where the bug was not found")
    parser.add_argument("--run", action="store_true", help="also run each script and check the bug shows in training")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="bug-report-recall-") as empty:
        # Data files are looked up beside a script and three directories above it: "absent"
        # lints from deeper than that below empty directories, not beside /tmp's stray files.
        nowhere = os.path.join(empty, "a", "b", "c")
        os.makedirs(nowhere)
        report_recall(lint_all(nowhere), args.misses)
    if args.run:
        report_runs()


if __name__ == "__main__":
    main()
