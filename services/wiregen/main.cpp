// wiregen: writes a deterministic synthetic wire feed (NDJSON) for copydesk's benchmarks and
// demos, built from the accepted items of a template feed. See README.md.
#include <array>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <string>
#include <string_view>
#include <vector>

#include <fmt/format.h>
#include <CLI/CLI.hpp>

#include "copydesk/wiregen/generator.h"
#include "copydesk/wiregen/syndicate.h"

namespace {

// The exit statuses of copydesk.
constexpr int kExitOk = 0;
constexpr int kExitFailure = 1;  // the output could not be written
constexpr int kExitUsage = 2;    // bad command line or templates: nothing was written

// `wiregen syndicate`: a labelled syndication feed from real corpora (README.md).
int Syndicate(int argc, char** argv) {
  using namespace copydesk::wiregen;
  CLI::App app{
      "wiregen syndicate: republished, re-sent and updated copies of real articles, "
      "with hard negatives and the ground truth",
      "wiregen syndicate"};
  std::string corpora = "../shared/data/corpora";
  std::string output = "-";
  std::string truth;
  std::string sources = "reuters,bbc";
  SyndicateOptions options;
  app.add_option("--corpora", corpora, "Directory holding reuters21578/ and bbc/")
      ->capture_default_str();
  app.add_option("--seed", options.seed, "Seed: the same seed and options give the same bytes")
      ->capture_default_str();
  app.add_option("--stories", options.stories, "Base articles (stories)")->capture_default_str();
  app.add_option("--sources", sources, "Corpora to take base articles from: reuters, bbc")
      ->capture_default_str();
  app.add_option("--output,-o", output, "Feed file (NDJSON), or - for standard output")
      ->capture_default_str();
  app.add_option("--truth", truth, "Ground truth file (TSV)")->required();
  CorpusOptions corpus_options;
  app.add_option("--min-words", corpus_options.min_words,
                 "Leave out corpus articles of fewer words")
      ->capture_default_str();
  try {
    app.parse(argc, argv);
  } catch (const CLI::Success& e) {
    return app.exit(e);
  } catch (const CLI::ParseError& e) {
    app.exit(e);
    return kExitUsage;
  }
  corpus_options.reuters = sources.find("reuters") != std::string::npos;
  corpus_options.bbc = sources.find("bbc") != std::string::npos;
  auto corpus = LoadCorpora(corpora, corpus_options);
  if (!corpus.ok()) {
    fmt::print(stderr, "wiregen syndicate: --corpora {}\n", corpus.status().message());
    return kExitUsage;
  }
  const std::vector<SyndicatedLine> feed = Syndicate(*corpus, options);
  FILE* out = output == "-" ? stdout : std::fopen(output.c_str(), "wb");
  FILE* tsv = std::fopen(truth.c_str(), "wb");
  if (out == nullptr || tsv == nullptr) {
    fmt::print(stderr, "wiregen syndicate: cannot write {}: {}\n", out ? truth : output,
               std::strerror(errno));
    return kExitUsage;
  }
  std::string header = TruthHeader();
  std::fwrite(header.data(), 1, header.size(), tsv);
  std::array<size_t, 5> counts{};
  for (size_t n = 0; n < feed.size(); ++n) {
    std::string line = feed[n].json + "\n";
    std::fwrite(line.data(), 1, line.size(), out);
    std::string row = TruthRow(n + 1, feed[n]);
    std::fwrite(row.data(), 1, row.size(), tsv);
    ++counts[static_cast<size_t>(feed[n].relation)];
  }
  const bool failed = std::ferror(out) != 0 || std::ferror(tsv) != 0;
  if ((out == stdout ? std::fflush(out) : std::fclose(out)) != 0 || std::fclose(tsv) != 0 ||
      failed) {
    fmt::print(stderr, "wiregen syndicate: write failed: {}\n", std::strerror(errno));
    return kExitFailure;
  }
  fmt::print(stderr,
             "wiregen syndicate: seed {}, {} usable corpus articles, {} lines: {} original, {} "
             "republication, {} resend, {} update, {} negative\n",
             options.seed, corpus->size(), feed.size(), counts[0], counts[1], counts[2], counts[3],
             counts[4]);
  return kExitOk;
}

}  // namespace

int main(int argc, char** argv) {
  using namespace copydesk::wiregen;
  if (argc > 1 && std::string_view(argv[1]) == "syndicate") return Syndicate(argc - 1, argv + 1);
  CLI::App app{
      "wiregen: a deterministic synthetic wire feed for copydesk (NDJSON, one item a line)",
      "wiregen"};
  uint64_t count = 0;
  Options options;
  std::string templates = "config/samples/feed.ndjson";
  std::string output = "-";
  std::vector<std::string> shapes;
  app.add_option("--count,-n", count, "Number of items to write")->required();
  app.add_option("--item-bytes", options.item_bytes, "Aimed-at size of one item line in bytes")
      ->capture_default_str()
      ->check(CLI::PositiveNumber);
  app.add_option("--seed", options.seed, "Seed: the same seed and options give the same bytes")
      ->capture_default_str();
  app.add_option("--templates", templates, "NDJSON feed whose accepted items are the templates")
      ->capture_default_str();
  app.add_option("--output,-o", output, "Output file, or - for standard output")
      ->capture_default_str();
  app.add_option("--shape", shapes, "Only templates of these shapes (default: all)")
      ->delimiter(',')
      ->check(CLI::IsMember({"html", "markdown", "text", "rss", "ninjs2", "ninjs1"}));
  try {
    app.parse(argc, argv);
  } catch (const CLI::Success& e) {
    return app.exit(e);  // --help
  } catch (const CLI::ParseError& e) {
    app.exit(e);
    return kExitUsage;
  }
  for (const std::string& shape : shapes) options.kinds.push_back(*KindFromName(shape));

  auto generator = Generator::FromFile(templates, options);
  if (!generator.ok()) {
    fmt::print(stderr, "wiregen: --templates {}\n", generator.status().message());
    return kExitUsage;
  }
  FILE* out = output == "-" ? stdout : std::fopen(output.c_str(), "wb");
  if (out == nullptr) {
    fmt::print(stderr, "wiregen: --output {}: {}\n", output, std::strerror(errno));
    return kExitUsage;
  }
  std::setvbuf(out, nullptr, _IOFBF, 1 << 20);
  // The seed goes to stderr so that a feed can be made again; nothing else varies by run.
  fmt::print(stderr, "wiregen: seed {}, {} templates, {} items of about {} bytes\n", options.seed,
             generator->template_count(), count, options.item_bytes);
  std::string line;
  uint64_t bytes = 0;
  for (uint64_t n = 0; n < count; ++n) {
    generator->Item(n, line);
    line.push_back('\n');
    bytes += line.size();
    if (std::fwrite(line.data(), 1, line.size(), out) != line.size()) break;
  }
  const bool failed = std::ferror(out) != 0;
  if ((out == stdout ? std::fflush(out) : std::fclose(out)) != 0 || failed) {
    fmt::print(stderr, "wiregen: --output {}: {}\n", output, std::strerror(errno));
    return kExitFailure;
  }
  fmt::print(stderr, "wiregen: wrote {} items, {:.1f} MB\n", count, bytes / 1e6);
  return kExitOk;
}
