// Unicode clean-up: NFC, invisible characters, spaces, apostrophes; mojibake repaired only
// when certain and reported otherwise; any bytes and any size without harm.
#include "copydesk/text/unicode.h"

#include <gtest/gtest.h>

#include <random>
#include <string>

namespace copydesk::text {
namespace {

// ---- NormaliseText -------------------------------------------------------------------------

TEST(NormaliseText, Nfc) {
  EXPECT_EQ(NormaliseText("Cafe\u0301 e\u0301te\u0301"), "Caf\u00e9 \u00e9t\u00e9");
  EXPECT_EQ(NormaliseText("A\u030a"), "\u00c5");              // Å
  EXPECT_EQ(NormaliseText("\u1100\u1161"), "\uac00");         // Hangul jamo: 가
  EXPECT_EQ(NormaliseText("\u212b"), "\u00c5");               // the Angstrom sign's singleton
  EXPECT_EQ(NormaliseText("d\u0323\u0307"), "\u1e0d\u0307");  // canonical order, then composition
  EXPECT_EQ(NormaliseText("Caf\u00e9 d\u00e9j\u00e0"), "Caf\u00e9 d\u00e9j\u00e0");  // NFC already
  EXPECT_EQ(NormaliseText("\ufb01 \u00bd"),
            "\ufb01 \u00bd");  // compatibility forms stay (not NFKC)
}

TEST(NormaliseText, InvisibleCharactersGo) {
  EXPECT_EQ(NormaliseText("zero\u200bwidth"), "zerowidth");
  EXPECT_EQ(NormaliseText("soft\u00adhyphen"), "softhyphen");
  EXPECT_EQ(NormaliseText("\ufeffBOM and \ufeffZWNBSP"), "BOM and ZWNBSP");
  EXPECT_EQ(NormaliseText("\u200eLRM\u200f RLM \u202aembed\u202c \u2066isolate\u2069 \u061cALM"),
            "LRM RLM embed isolate ALM");
  EXPECT_EQ(NormaliseText("word\u2060joiner \u2062x"), "wordjoiner x");
  EXPECT_EQ(NormaliseText(std::string("c0\x01\x02\x1b\x7f controls\0", 16)), "c0 controls");
  EXPECT_EQ(NormaliseText("c1\u0080\u009f controls"), "c1 controls");
  // Variation selectors and private use stay.
  EXPECT_EQ(NormaliseText("\u2764\ufe0f \ue000"), "\u2764\ufe0f \ue000");
}

TEST(NormaliseText, JoinersStayWhereTheyAreSpelling) {
  EXPECT_EQ(NormaliseText("\u0645\u06cc\u200c\u062e\u0648\u0627\u0647\u0645"),
            "\u0645\u06cc\u200c\u062e\u0648\u0627\u0647\u0645");  // Persian ZWNJ
  EXPECT_EQ(NormaliseText("\u0915\u094d\u200d\u0937"),
            "\u0915\u094d\u200d\u0937");  // Devanagari ZWJ
  EXPECT_EQ(NormaliseText("\U0001F468\u200d\U0001F469\u200d\U0001F467"),
            "\U0001F468\u200d\U0001F469\u200d\U0001F467");  // a family emoji
  EXPECT_EQ(NormaliseText("\U0001F44D\U0001F3FD\u200d\U0001F525"),
            "\U0001F44D\U0001F3FD\u200d\U0001F525");
  EXPECT_EQ(NormaliseText("ascii\u200djoined \u200cstart"), "asciijoined start");
}

TEST(NormaliseText, SpacesAndLines) {
  EXPECT_EQ(NormaliseText("a\u00a0b\u2009c\u202fd\u3000e\u205ff\u2002g\u1680h"), "a b c d e f g h");
  EXPECT_EQ(NormaliseText("  lead and   trail \t "), "lead and trail");
  EXPECT_EQ(NormaliseText("tab\tand\t\t tabs"), "tab and tabs");
  EXPECT_EQ(NormaliseText(" one \n  two  \r\nthree\rfour\u2028five\u0085six"),
            "one\ntwo\nthree\nfour\nfive\nsix");
  EXPECT_EQ(NormaliseText("\n\n para \n\n next \n\n"), "para\n\nnext");
  EXPECT_EQ(NormaliseText("form\ffeed\vvertical"), "form feed vertical");
  EXPECT_EQ(NormaliseText("space \u200b \u00a0 runs"), "space runs");
}

TEST(NormaliseText, Apostrophes) {
  EXPECT_EQ(NormaliseText("l\u2018Iran, l\u201bUE, don\u2032t, aujourd\u00b4hui"),
            "l\u2019Iran, l\u2019UE, don\u2019t, aujourd\u2019hui");
  // Between letters only: opening quotes, primes after digits and ASCII apostrophes stay.
  EXPECT_EQ(NormaliseText("\u2018quoted\u2019 5\u2032 l'Iran d\u2019abord"),
            "\u2018quoted\u2019 5\u2032 l'Iran d\u2019abord");
  EXPECT_EQ(NormaliseText("\u00abguillemets\u00bb \u201egerman\u201c \u201cenglish\u201d"),
            "\u00abguillemets\u00bb \u201egerman\u201c \u201cenglish\u201d");
  EXPECT_EQ(NormaliseText("\u0645\u2018\u0645 e\u0301\u2018x"), "\u0645\u2019\u0645 \u00e9\u2019x");
}

TEST(NormaliseText, AsciiAndIdempotent) {
  EXPECT_EQ(NormaliseText(""), "");
  EXPECT_EQ(NormaliseText("Plain ASCII text."), "Plain ASCII text.");
  for (const char* text :
       {"Caf\u00e9 e\u0301 \u00a0x\u200b  y\r\n z", "l\u2018Iran \u0645\u06cc\u200c\u062e",
        " \t\n\u3000", "\U0001F468\u200d\U0001F469"}) {
    const std::string once = NormaliseText(text);
    EXPECT_EQ(NormaliseText(once), once) << text;
  }
}

TEST(NormaliseText, AnyBytes) {
  EXPECT_EQ(NormaliseText("bad \xff byte"), "bad \ufffd byte");
  EXPECT_EQ(NormaliseText("truncated \xe2\x80"), "truncated \ufffd\ufffd");
  EXPECT_EQ(NormaliseText("surrogate \xed\xa0\x80"), "surrogate \ufffd\ufffd\ufffd");
  EXPECT_EQ(NormaliseText("overlong \xc0\xaf"), "overlong \ufffd\ufffd");
  std::mt19937 random(1);
  for (int round = 0; round < 2000; ++round) {
    std::string bytes(random() % 64, '\0');
    for (char& c : bytes) c = static_cast<char>(random());
    const std::string once = NormaliseText(bytes);
    EXPECT_EQ(NormaliseText(once), once);
  }
}

TEST(NormaliseText, Huge) {
  std::string text;
  while (text.size() < 16'000'000) text += "Cafe\u0301 \u00a0 na\u00efve\u200b text ";
  const std::string normalised = NormaliseText(text);
  EXPECT_EQ(normalised.rfind("Caf\u00e9 na\u00efve text", 0), 0u);
  EXPECT_LT(normalised.size(), text.size());
}

// ---- RepairMojibake --------------------------------------------------------------------

void ExpectRepaired(const std::string& mangled, const std::string& fixed) {
  const RepairResult result = RepairMojibake(mangled);
  EXPECT_EQ(result.text, fixed) << mangled;
  EXPECT_TRUE(result.repaired) << mangled;
  EXPECT_FALSE(result.suspicious) << mangled;
}

void ExpectUntouched(const std::string& text, bool suspicious) {
  const RepairResult result = RepairMojibake(text);
  EXPECT_EQ(result.text, text);
  EXPECT_FALSE(result.repaired) << text;
  EXPECT_EQ(result.suspicious, suspicious) << text;
}

TEST(RepairMojibake, RepairsWindows1252Mojibake) {
  ExpectRepaired("Caf\u00c3\u00a9 \u00c3  Paris", "Caf\u00e9 \u00e0 Paris");  // "CafÃ© Ã  Paris"
  ExpectRepaired("don\u00e2\u20ac\u2122t", "don\u2019t");                     // "donâ€™t"
  ExpectRepaired("\u00c3\u00bcber M\u00c3\u00bcnchen", "\u00fcber M\u00fcnchen");  // "Ã¼ber"
  ExpectRepaired(
      "\u00e2\u20ac\u0153Quote\u00e2\u20ac\u009d \u00e2\u20ac\u201d dash \u00e2\u20ac\u00a6",
      "\u201cQuote\u201d \u2014 dash \u2026");
  ExpectRepaired(
      "\u00c2\u00abGuillemets\u00c2\u00bb \u00c3\u00a0 "
      "l\u00e2\u20ac\u2122\u00c3\u00a9t\u00c3\u00a9",
      "\u00abGuillemets\u00bb \u00e0 l\u2019\u00e9t\u00e9");
  ExpectRepaired("\u00c3\u2030T\u00c3\u2030", "\u00c9T\u00c9");  // "Ã‰TÃ‰"
  ExpectRepaired("\u00d0\u0178\u00d1\u20ac\u00d0\u00b8\u00d0\u00b2\u00d0\u00b5\u00d1\u201a",
                 "\u041f\u0440\u0438\u0432\u0435\u0442");                          // Привет
  ExpectRepaired("\u00c5\u201a\u00c3\u00b3d\u00c5\u00ba", "\u0142\u00f3d\u017a");  // łódź
  ExpectRepaired("\u00e4\u00b8\u00ad\u00e6\u2013\u2021", "\u4e2d\u6587");          // 中文
  ExpectRepaired("\u00f0\u0178\u02dc\u20ac smile", "\U0001F600 smile");            // 😀
  ExpectRepaired("Caf\u00c3\u0192\u00c2\u00a9", "Caf\u00e9");  // mangled twice: "CafÃƒÂ©"
  ExpectRepaired("S\u00c3\u0192O PAULO \u00c3\u00a9",
                 "S\u00c3O PAULO \u00e9");  // legit Ã, mangled too
  ExpectRepaired("NBSP\u00c2\u00a0here", "NBSP\u00a0here");
  ExpectRepaired("Latin-1 \u00e2\u0080\u0099s",
                 "Latin-1 \u2019s");  // C1 controls, not Windows-1252
}

TEST(RepairMojibake, LeavesCorrectTextAlone) {
  ExpectUntouched("Plain ASCII", false);
  ExpectUntouched("", false);
  ExpectUntouched("S\u00c3O PAULO \u2014 A CIDADE DE S\u00c3O PAULO", false);  // "SÃO PAULO"
  ExpectUntouched("IRM\u00c3\u201d, n\u00c3o: IRM\u00c3\u00bb", false);  // Ã before closing quotes
  ExpectUntouched("Fu\u00dfball \u201eSpa\u00df\u201c \u00bbFu\u00df\u00ab",
                  false);                                       // ß before quotes
  ExpectUntouched("L\u2019\u00c9T\u00c9\u00a0: chaud", false);  // É before NBSP
  ExpectUntouched("Caf\u00e9 \u00e0 Paris, na\u00efve, \u00fcber, \u00c5ngstr\u00f6m, \u00a9 2026",
                  false);
  ExpectUntouched(
      "\u041f\u0440\u0438\u0432\u0435\u0442 \u4e2d\u6587 \U0001F600 \u0645\u0631\u062d\u0628\u0627",
      false);
}

TEST(RepairMojibake, ReportsWhatItCannotRepairForCertain) {
  // The closing quote lost its last byte on the way ("â€" alone).
  ExpectUntouched("\u00e2\u20ac\u0153Quote\u00e2\u20ac", true);
  ExpectUntouched("\u00e2\u20ac\ufffd", true);
  // The whole text stays as it was, the parts that could be repaired included.
  ExpectUntouched("\u00c3\u00bcber \u00e2\u20ac\u0153Quote\u00e2\u20ac", true);
  // Mangled four times over: past the rounds allowed.
  ExpectUntouched(
      "Caf\u00c3\u0192\u00c6\u2019\u00c3\u2020\u00e2\u20ac\u2122\u00c3\u0192\u00e2\u20ac\u0161"
      "\u00c3\u201a\u00c2\u00a9",
      true);
  // A lone lead look-alike is no telltale: what can be repaired is.
  ExpectRepaired("\u00c3\u00bcber caf\u00c3\u00a9\u00c3", "\u00fcber caf\u00e9\u00c3");
  // Bytes lost on the way: repaired where certain, and reported. "giriÅ" (Turkish "ş" is
  // C5 9F; the 9F went) at the end of a word leaves no trace; inside one it does.
  const RepairResult damaged = RepairMojibake("yasa\u00c4\u00c4\u00b1 \u00c3\u00a7\u00c4\u00b1kma");
  EXPECT_EQ(damaged.text, "yasa\u00c4\u0131 \u00e7\u0131kma");
  EXPECT_TRUE(damaged.repaired);
  EXPECT_TRUE(damaged.suspicious);
  ExpectRepaired("EBA \u00c3\u00b6\u00c4\u0178renci giri\u00c5 nereden",
                 "EBA \u00f6\u011frenci giri\u00c5 nereden");
}

TEST(RepairMojibake, CorrectAndMangledTextSideBySide) {
  // The whole run cannot be mapped back ("„" is one byte, 0x84, on its own): word by word.
  ExpectRepaired(
      "Es gebe \u00c3\u00bcberhaupt keinen Zweifel. \u201eAber nat\u00c3\u00bcrlich\u201c",
      "Es gebe \u00fcberhaupt keinen Zweifel. \u201eAber nat\u00fcrlich\u201c");
  ExpectRepaired("\u00c3\u00bcber S\u00c3O Caf\u00e9", "\u00fcber S\u00c3O Caf\u00e9");
  ExpectRepaired("d\u00c3\u00a9j\u00c3  vu \u201ex\u201c", "d\u00e9j\u00e0 vu \u201ex\u201c");
  // Runs that Windows-1252 cannot encode (here CJK) separate runs; each is mapped alone.
  ExpectRepaired("\u4e2d\u6587 Caf\u00c3\u00a9 \u4e2d", "\u4e2d\u6587 Caf\u00e9 \u4e2d");
  ExpectRepaired("\u4e2d \u00c3\u00a9 \u00c3x", "\u4e2d \u00e9 \u00c3x");
  // Portuguese capitals stay next to repaired words.
  ExpectRepaired("AMANH\u00c3 \u00c9 \u201cdia\u201d, d\u00c3\u00a9j\u00c3\u00a0",
                 "AMANH\u00c3 \u00c9 \u201cdia\u201d, d\u00e9j\u00e0");
}

TEST(RepairMojibake, AnyBytesAndSizes) {
  std::mt19937 random(2);
  for (int round = 0; round < 3000; ++round) {
    std::string bytes(random() % 48, '\0');
    for (char& c : bytes)
      c = static_cast<char>(0x80 | random());  // lots of lead and continuation look-alikes
    const RepairResult result = RepairMojibake(bytes);
    if (!result.repaired) {
      EXPECT_EQ(result.text, bytes);
    }
  }
  std::string huge;
  while (huge.size() < 8'000'000) huge += "Caf\u00c3\u00a9 don\u00e2\u20ac\u2122t ";
  const RepairResult result = RepairMojibake(huge);
  EXPECT_TRUE(result.repaired);
  EXPECT_EQ(result.text.rfind("Caf\u00e9 don\u2019t ", 0), 0u);
}

}  // namespace
}  // namespace copydesk::text
