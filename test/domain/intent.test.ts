import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { isCancellation, isConfirmation } from "../../src/domain/intent.ts";

describe("isConfirmation", () => {
  const confirmations = [
    "go ahead", "generate it", "make the video", "use this version", "yes", "yes please", "Yes, please!",
    "do it", "start", "confirm", "ok", "OK, go ahead.", "Let’s do it", "sounds good 👍", "好的，生成", "生成吧",
    "开始吧", "确认", "可以", "好的", "就这样", "那就生成吧", "ok，开始",
  ];
  for (const text of confirmations) {
    it(`treats ${JSON.stringify(text)} as a plain confirmation`, () => assert.equal(isConfirmation(text), true));
  }

  const notConfirmations = [
    "yes, but make it vertical", "make the video longer", "ok, 10 seconds instead", "please", "no", "",
    "yes I want a cat surfing at sunset with a dog running next to it", "可以吗", "不好", "不可以",
    "好的，改成竖屏", "start with a close-up of the cup", "cancel",
  ];
  for (const text of notConfirmations) {
    it(`does not treat ${JSON.stringify(text)} as a plain confirmation`, () => assert.equal(isConfirmation(text), false));
  }
});

describe("isCancellation", () => {
  const cancellations = [
    "cancel", "Cancel.", "stop", "never mind", "forget it", "no, cancel it", "cancel the video please", "no thanks",
    "取消", "算了", "不要了", "算了吧", "还是算了",
  ];
  for (const text of cancellations) {
    it(`treats ${JSON.stringify(text)} as a plain cancellation`, () => assert.equal(isCancellation(text), true));
  }

  const notCancellations = [
    "stop motion", "stop motion video of a robot", "cancel and make it vertical", "取消竖屏", "yes", "no", "好的",
  ];
  for (const text of notCancellations) {
    it(`does not treat ${JSON.stringify(text)} as a plain cancellation`, () => assert.equal(isCancellation(text), false));
  }
});
