"""Self-checks of the demo trainer: (cd training && /usr/bin/python3 -m unittest test_demo -v)."""
import copy
import os
import tempfile
import unittest

import numpy as np
import torch

from smolvlm import modeling
from smolvlm import tokenizer as tk
from smolvlm.config import SmolVLMConfig
from smolvlm.modeling import SmolVLMForConditionalGeneration
from smolvlm.safetensors_io import load_checkpoint
from demo import data, folder, train


def tiny_cfg(vocab=600, image_token_id=597):
    return folder.demo_config(vocab, image_token_id, dict(v_hidden=32, v_inter=64, image=16, patch=4, scale=2,
                                                         t_hidden=32, t_inter=64, t_layers=2, t_heads=4, t_kv=2))


class FastAttentionTest(unittest.TestCase):
    def test_same_loss_and_gradients_as_reference(self):
        torch.manual_seed(0)
        cfg = tiny_cfg()
        ref = SmolVLMForConditionalGeneration(cfg)
        fast = copy.deepcopy(ref)
        seq = cfg.image_seq_len
        ids = torch.randint(0, 500, (3, 40))
        ids[:, 5:5 + seq] = cfg.image_token_id  # one image per row
        px = torch.randn(3, 3, 16, 16)
        labels = torch.randint(0, 500, (3, 40))
        labels[:, :10] = -100
        saved = (modeling.TextAttention.forward, modeling.TextModel.forward)
        l_ref, _, _ = train.loss_fn(ref, px, ids, labels)
        l_ref.backward()
        try:
            from demo import fast_attention
            fast_attention.install()
            l_fast, _, _ = train.loss_fn(fast, px, ids, labels)
            l_fast.backward()
        finally:
            modeling.TextAttention.forward, modeling.TextModel.forward = saved
        self.assertAlmostEqual(float(l_ref), float(l_fast), places=5)
        for (n, a), (_, b) in zip(ref.named_parameters(), fast.named_parameters()):
            self.assertTrue(torch.allclose(a.grad, b.grad, rtol=1e-4, atol=1e-6), n)


class CollateTest(unittest.TestCase):
    def test_labels_are_next_tokens_where_masked_and_pixels_normalised(self):
        frames = np.zeros((2, 4, 4, 3), np.uint8)
        frames[1] = 255
        ids = np.array([5, 6, 7, 8, 9], np.int32)
        mask = np.array([0, 0, 1, 1, 0], np.uint8)
        px, t, lab = data.collate([(frames, ids, mask), (frames[:1], ids[:3], mask[:3])], pad_id=2)
        self.assertEqual(list(px.shape), [3, 3, 4, 4])
        self.assertEqual(float(px[0].min()), -1.0)
        self.assertEqual(float(px[1].max()), 1.0)
        self.assertEqual(t[0].tolist(), [5, 6, 7, 8, 9])
        self.assertEqual(lab[0].tolist(), [-100, 7, 8, -100, -100])  # position i predicts token i+1
        self.assertEqual(t[1].tolist(), [5, 6, 7, 2, 2])
        self.assertEqual(lab[1].tolist(), [-100, 7, -100, -100, -100])


class BlindTest(unittest.TestCase):
    def test_transcript_first_samples_lose_frames_and_transcript_target_only(self):
        frames = np.full((2, 4, 4, 3), 200, dtype=np.uint8)
        ids = np.arange(12, dtype=np.int32)
        # transcript first: a 5-token span, then two 2-token answers
        mask = np.array([0, 1, 1, 1, 1, 1, 0, 1, 1, 0, 1, 1], dtype=np.uint8)
        f, i, m = data.blind((frames, ids, mask))
        self.assertTrue((f == 0).all())
        self.assertTrue((i == ids).all())
        self.assertEqual(m.tolist(), [0, 0, 0, 0, 0, 0, 0, 1, 1, 0, 1, 1])
        self.assertEqual(mask[1], 1)  # the input is not modified
        # questions first (the first target is a short answer): unchanged
        last = np.array([0, 1, 1, 0, 1, 1, 1, 1, 1, 1, 0, 0], dtype=np.uint8)
        f2, _, m2 = data.blind((frames, ids, last))
        self.assertTrue((f2 == 200).all())
        self.assertEqual(m2.tolist(), last.tolist())


def demo_tokenizer():
    return tk.Tokenizer.load(os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "models", "demo",
                                          "tokenizer.json"))


def encoded(tok, pieces):
    """[(text, is_target)] -> ids, mask: a conversation tokenised piece by piece, as the Java side writes shards."""
    ids, mask = [], []
    for text, target in pieces:
        t = tok.encode(text)
        ids += t
        mask += [target] * len(t)
    return np.array(ids, dtype=np.int32), np.array(mask, dtype=np.uint8)


class TextOnlyTest(unittest.TestCase):
    def test_the_video_turn_becomes_the_text_only_describe_request_the_chat_template_renders(self):
        import jinja2
        from smolvlm.chat_template import CHAT_TEMPLATE
        tok = demo_tokenizer()
        transcript, question, answer = "00:00 red star\n00:01 nothing", "What colour was the star?", "red"

        video_turn = ("<|im_start|>User: You are provided the following series of one frames.\n\nFrame from 00:00:"
                      "<fake_token_around_image><global-img><image><fake_token_around_image>\n\nDescribe the video."
                      "<end_of_utterance>\nAssistant:")
        ids, mask = encoded(tok, [(video_turn, 0), (" " + transcript + "<end_of_utterance>", 1),
                             ("\nUser: " + question + "<end_of_utterance>\nAssistant:", 0),
                             (" " + answer + "<end_of_utterance>", 1), ("\n", 0)])
        frames = np.full((1, 4, 4, 3), 9, dtype=np.uint8)
        f, i, m = data.text_only((frames, ids, mask), tok.encode(data.TEXT_ONLY_HEADER))

        def text(content):
            return [{"type": "text", "text": content}]
        rendered = jinja2.Template(CHAT_TEMPLATE).render(messages=[
            {"role": "user", "content": text("Describe the video.")},
            {"role": "assistant", "content": text(transcript)},
            {"role": "user", "content": text(question)},
            {"role": "assistant", "content": text(answer)}])
        self.assertEqual(tok.decode(i.tolist()), rendered)
        self.assertEqual(i.tolist(), tok.encode(rendered))
        self.assertEqual(f.shape[0], 0)
        self.assertEqual(tok.decode(i[m == 1].tolist()), " " + answer + "<end_of_utterance>")
        self.assertEqual(mask.sum(), len(tok.encode(" " + transcript + "<end_of_utterance>")) + 2)  # input kept
        # questions first (the first target is an answer): unchanged
        short = np.array([0, 1, 1, 0, 1, 1, 1, 1, 1, 1, 0, 0], dtype=np.uint8)
        f2, i2, m2 = data.text_only((frames, ids[:12], short), [1, 2])
        self.assertEqual((f2.shape[0], i2.tolist(), m2.tolist()), (1, ids[:12].tolist(), short.tolist()))


class OneQuestionTest(unittest.TestCase):
    def test_each_question_turn_follows_the_transcript_alone(self):
        tok = demo_tokenizer()
        transcript = "00:00 red star\n00:01 blue circle"
        qa = [("What colour was the star?", "red"), ("What shape was blue?", "circle"),
              ("How many times did a star appear?", "1")]

        def conversation(turns):
            pieces = [("<|im_start|>User: <image>Describe the video.<end_of_utterance>\nAssistant:", 0),
                      (" " + transcript + "<end_of_utterance>", 1)]
            for q, a in turns:
                pieces += [("\nUser: " + q + "<end_of_utterance>\nAssistant:", 0), (" " + a + "<end_of_utterance>", 1)]
            return encoded(tok, pieces + [("\n", 0)])

        frames = np.full((1, 4, 4, 3), 9, dtype=np.uint8)
        header = tok.encode(data.TEXT_ONLY_HEADER)
        whole = (frames,) + conversation(qa)
        self.assertEqual(data.answer_count(whole), 3)
        for k, (f, i, m) in zip([0, 2], data.one_question(whole, header, [0, 2])):
            _, alone_ids, alone_mask = data.text_only((frames,) + conversation([qa[k]]), header)
            self.assertEqual(i.tolist(), alone_ids.tolist()[:-1])  # the same conversation, less the last "\n"
            self.assertEqual(m.tolist(), alone_mask.tolist()[:-1])
            self.assertEqual(tok.decode(i[m == 1].tolist()), " " + qa[k][1] + "<end_of_utterance>")
            self.assertEqual(f.shape[0], 0)
        # questions first (no transcript target): the sample alone, unchanged
        plain = (frames,) + encoded(tok, [("User: <image>What colour?<end_of_utterance>\nAssistant:", 0), (" red", 1)])
        self.assertEqual(data.answer_count(plain), 0)
        self.assertIs(data.one_question(plain, header, [0])[0], plain)


class HardColourTest(unittest.TestCase):
    def test_only_colour_questions_answered_by_the_most_frequent_colour_are_flagged(self):
        from demo.train import frequent_colour_answer
        transcript = "00:00 red star\n00:01 red star\n00:02 nothing\n00:03 blue circle\n00:04 digit card 3"

        def conversation(question, answer):
            return ("<|im_start|>User: Describe the video.<end_of_utterance>\nAssistant: " + transcript +
                    "<end_of_utterance>\nUser: " + question + "<end_of_utterance>\nAssistant: " + answer +
                    "<end_of_utterance>")
        self.assertTrue(frequent_colour_answer(conversation("What colour was the star?", "red")))
        self.assertFalse(frequent_colour_answer(conversation("What colour was the circle?", "blue")))
        self.assertFalse(frequent_colour_answer(conversation("What shape was red?", "star")))  # not a colour question
        self.assertFalse(frequent_colour_answer(conversation("How many times did a star appear?", "1")))
        tie = transcript.replace("00:04 digit card 3", "00:04 blue circle")
        self.assertTrue(frequent_colour_answer(conversation("What colour was the circle?", "blue").replace(
            transcript, tie)))


class AttendAskedTest(unittest.TestCase):
    def test_colour_questions_point_at_the_asked_shape_after_a_colour_in_the_transcript(self):
        tok = demo_tokenizer()
        ids, mask = encoded(tok, [
            ("<|im_start|>User: Describe the video.<end_of_utterance>\nAssistant:", 0),
            (" 00:00 red star\n00:01 blue circle\n00:02 red star<end_of_utterance>", 1),
            ("\nUser: What colour was the star?<end_of_utterance>\nAssistant:", 0), (" red<end_of_utterance>", 1),
            ("\nUser: What shape was blue?<end_of_utterance>\nAssistant:", 0), (" circle<end_of_utterance>", 1),
            ("\nUser: What colour was the star?<end_of_utterance>\nAssistant:", 0), (" red<end_of_utterance>", 1)])
        row = ids.tolist()
        targets = set(np.flatnonzero(mask[1:]).tolist())  # labels[p] = ids[p + 1] where the mask is set
        colours = set(train.colour_ids(tok))
        found = train.colour_lookups(row, targets, tok, colours)
        self.assertEqual(len(found), 2)  # the two colour questions; not the shape question, not the transcript
        star = tok.encode(" star")[0]
        transcript_stars = [i for i, t in enumerate(row) if t == star][:2]
        for p, keys in found:
            self.assertTrue(tok.decode(row[:p + 1]).endswith("What colour was the star?<end_of_utterance>\nAssistant:"))
            self.assertEqual(row[p + 1], tok.encode(" red")[0])
            self.assertEqual(keys, transcript_stars)  # the question's own " star" is not a key
            self.assertTrue(all(tok.decode(row[k - 1:k + 1]) == " red star" for k in keys))
        # a sample without a describe turn first has no transcript to look in
        self.assertEqual(train.colour_lookups(row[row.index(tok.token_id("<end_of_utterance>")) + 1:], set(), tok,
                                              colours), [])

    def test_watched_layer_keeps_the_reference_attention_and_the_loss_reaches_it(self):
        from demo import fast_attention
        torch.manual_seed(1)
        cfg = tiny_cfg()
        ref = SmolVLMForConditionalGeneration(cfg)
        fast = copy.deepcopy(ref)
        ids = torch.randint(0, 500, (2, 30))
        px = torch.zeros(0, 3, 16, 16)
        labels = torch.randint(0, 500, (2, 30))
        recorded = []
        saved = (modeling.TextAttention.forward, modeling.TextModel.forward, modeling.TextAttention.attention_probs)
        plain = modeling.TextAttention.attention_probs

        def recording(self, q, kk, mask):
            probs = plain(self, q, kk, mask)
            recorded.append(probs)
            return probs
        try:
            modeling.TextAttention.attention_probs = recording
            with torch.no_grad():
                train.loss_fn(ref, px, ids, labels)
            fast_attention.install()
            attention = fast.model.text_model.layers[1].self_attn
            fast_attention.watch(attention)
            train.loss_fn(fast, px, ids, labels)
        finally:
            (modeling.TextAttention.forward, modeling.TextModel.forward,
             modeling.TextAttention.attention_probs) = saved
        self.assertTrue(torch.allclose(attention.last_probs, recorded[1], atol=1e-6))
        aux = train.attend_loss(attention.last_probs, [[(20, [3, 7])], []], 2)
        self.assertAlmostEqual(float(aux), -float(torch.log(recorded[1][0, 2, 20, [3, 7]].sum() + 1e-6)), places=5)
        aux.backward()
        self.assertGreater(float(attention.q_proj.weight.grad.abs().sum()), 0)
        self.assertIsNone(train.attend_loss(attention.last_probs, [[], []], 2))

    def test_copy_loss_reads_one_heads_share_of_the_attention_output(self):
        from demo import fast_attention
        torch.manual_seed(2)
        model = SmolVLMForConditionalGeneration(tiny_cfg())
        attention = model.model.text_model.layers[0].self_attn
        outputs = []
        attention.register_forward_hook(lambda mod, args, out: outputs.append(out[0]))
        ids = torch.randint(0, 500, (2, 24))
        labels = torch.randint(0, 500, (2, 24))
        saved = (modeling.TextAttention.forward, modeling.TextModel.forward)
        try:
            fast_attention.install()
            fast_attention.watch(attention)
            train.loss_fn(model, torch.zeros(0, 3, 16, 16), ids, labels)
        finally:
            modeling.TextAttention.forward, modeling.TextModel.forward = saved
        hd = attention.head_dim
        shares = [attention.last_heads[1, 9, h * hd:(h + 1) * hd] @ attention.o_proj.weight[:, h * hd:(h + 1) * hd].t()
                  for h in range(attention.heads)]
        self.assertTrue(torch.allclose(sum(shares), outputs[0][1, 9], atol=1e-5))  # the heads' shares add up
        lens = model.model.text_model.norm(shares[3]) @ model.head_weight().t()
        loss = train.copy_loss(model, attention, [[], [(9, [2])]], 3, labels)
        self.assertAlmostEqual(float(loss), float(torch.nn.functional.cross_entropy(lens[None], labels[1, 9][None])),
                               places=5)
        self.assertIsNone(train.copy_loss(model, attention, [[], []], 3, labels))


class AnswerWeightTest(unittest.TestCase):
    def test_short_target_spans_get_the_answer_weight(self):
        keep = torch.tensor([[False, True, True, True, True, False, True, True, False],
                             [True, True, True, False, True, True, True, True, False]])
        w = train.answer_weights(keep, 4.0)
        self.assertEqual(w[0].tolist(), [1, 1, 1, 1, 1, 1, 4, 4, 1])
        self.assertEqual(w[1].tolist(), [4, 4, 4, 1, 1, 1, 1, 1, 1])


class FolderTest(unittest.TestCase):
    def test_export_round_trips_config_weights_and_tokenizer(self):
        tj = tk.build_tokenizer_json(tk.train_bpe("What colour was the star? red star red star", 20))
        tok = tk.Tokenizer(tj)
        cfg = tiny_cfg(len(tok), tok.token_id("<image>"))
        model = SmolVLMForConditionalGeneration(cfg)
        with tempfile.TemporaryDirectory() as d:
            out = os.path.join(d, "m")
            folder.write_folder(out, cfg, tj, model.state_dict())
            folder.write_folder(out, cfg, tj, model.state_dict())  # replacing an existing folder works
            self.assertEqual(SmolVLMConfig.load(os.path.join(out, "config.json")).to_dict(), cfg.to_dict())
            sd = load_checkpoint(out)
            for k, v in model.state_dict().items():
                self.assertTrue(torch.equal(sd[k], v), k)
            self.assertEqual(sorted(os.listdir(d)), ["m"])  # no temp leftovers


class FrameLabelsTest(unittest.TestCase):
    def test_captions_become_class_ids_and_unknown_captions_are_refused(self):
        from demo.pretrain_vision import frame_labels, WHAT, COLOURS, SHAPES, IGNORE
        texts = {}
        self.assertEqual(frame_labels("00:07 blue star", texts),
                         (WHAT.index("shape"), COLOURS.index("blue"), SHAPES.index("star"), IGNORE))
        self.assertEqual(frame_labels("00:01 word card BUS", texts), (WHAT.index("word"), IGNORE, IGNORE, 0))
        self.assertEqual(frame_labels("00:02 digit card 7", texts), (WHAT.index("digit"), IGNORE, IGNORE, 1))
        self.assertEqual(frame_labels("00:03 word card BUS", texts)[3], 0)  # same text, same class
        self.assertEqual(frame_labels("00:04 nothing", texts), (WHAT.index("nothing"), IGNORE, IGNORE, IGNORE))
        with self.assertRaises(ValueError):
            frame_labels("00:05 red blob", texts)


class GrowTest(unittest.TestCase):
    def test_layer_plan_spreads_new_layers_and_refuses_shrinking(self):
        from demo.grow import layer_plan
        self.assertEqual(layer_plan(3, 6), [0, None, 1, None, 2, None])
        self.assertEqual(layer_plan(3, 4), [0, 1, 2, None])
        self.assertEqual(layer_plan(2, 2), [0, 1])
        with self.assertRaises(ValueError):
            layer_plan(3, 2)

    def test_grown_model_computes_the_same_logits_and_learns_in_its_new_layers(self):
        from demo.grow import grow, layer_plan
        torch.manual_seed(1)
        cfg = tiny_cfg()
        small = SmolVLMForConditionalGeneration(cfg)
        train.init_weights(small, 3)
        big_cfg = copy.deepcopy(cfg)
        big_cfg.text_config.num_hidden_layers = 4
        big = SmolVLMForConditionalGeneration(big_cfg)
        train.init_weights(big, 4)
        big.load_state_dict(grow(small.state_dict(), big.state_dict(), layer_plan(2, 4)))
        ids = torch.randint(0, 500, (2, 30))
        ids[:, 3:3 + cfg.image_seq_len] = cfg.image_token_id
        px = torch.randn(2, 3, 16, 16)
        labels = torch.randint(0, 500, (2, 30))
        l_small, logits_small, _ = train.loss_fn(small, px, ids, labels)
        l_big, logits_big, _ = train.loss_fn(big, px, ids, labels)
        self.assertTrue(torch.allclose(logits_small, logits_big, atol=1e-5))
        l_big.backward()
        new_o = big.model.text_model.layers[1].self_attn.o_proj.weight
        self.assertEqual(float(new_o.abs().sum()), 0.0)
        self.assertGreater(float(new_o.grad.abs().sum()), 0.0)  # the zeroed projection still learns


if __name__ == "__main__":
    unittest.main()
