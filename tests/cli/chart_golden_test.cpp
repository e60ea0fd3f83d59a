// Golden charts of the lecture's scenes that users ask for first, as SVG and as terminal charts:
// PBFT with a quorum of 2, Chang-Roberts with 4 processes where anyone may start, Bully with a
// restart, crash consensus with f rounds, Lamport clocks, Maekawa's deadlock, and OM with n = 3
// and the traitor L1 (Fig. 1). Each SVG is also rendered to PNG by a real renderer (rsvg-convert)
// at its declared size, and checked from its layout: no text cut, off the picture, or over
// another. The same for 1 and 2 threads.
//
// After an intended change of the charts: PROTOCHECK_UPDATE_GOLDEN=1 ctest -R chart_golden_test,
// then look at the PNGs (PROTOCHECK_CHART_DIR=DIR keeps them) before committing the diff of
// tests/cli/golden/charts/.
#include "tests/cli/golden_file.hpp"
#include "tests/cli/run_binary.hpp"
#include "tests/report/svg_text_boxes.hpp"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <cstdint>
#include <cstdlib>
#include <sstream>

using namespace protocheck::testing;

namespace {

struct Scene {
  const char *name;
  const char *arguments;
  int exit_code;
};

const Scene scenes[] = {
    {"pbft_quorum_2", "check pbft --n 4 --f 1 --quorum 2", 1},
    {"chang_roberts_4", "check chang-roberts --n 4 --property messages", 0},
    {"bully_restart", "check bully --n 4 --restarts 1", 1},
    {"crash_consensus_f_rounds", "check crash-consensus --n 3 --f 1 --rounds 1", 1},
    {"lamport_clocks", "check lamport-clocks", 1},
    {"maekawa_deadlock", "check maekawa", 1},
    {"om_fig1_traitor_l1", "check om --n 3 --f 1 --faulty L1", 1},
};

// A PNG's size from its IHDR chunk (bytes 16-23, big-endian).
std::pair<std::uint32_t, std::uint32_t> png_size(const std::string &png) {
  REQUIRE(png.size() > 24);
  REQUIRE(png.compare(1, 3, "PNG") == 0);
  const auto word = [&](std::size_t at) {
    std::uint32_t value = 0;
    for (std::size_t k = 0; k < 4; ++k)
      value = value << 8 | static_cast<unsigned char>(png[at + k]);
    return value;
  };
  return {word(16), word(20)};
}

// Whole and apart: every text inside the picture and uncut, none over another.
void check_whole_and_apart(const std::string &svg) {
  const int width = std::stoi(svg_attribute(svg.substr(svg.find("<svg ")), "width"));
  const std::vector<TextBox> boxes = text_boxes(svg);
  CHECK(boxes.size() > 5);
  for (const TextBox &box : boxes) {
    INFO("text '" << box.content << "'");
    CHECK(box.left >= 0);
    CHECK(box.right <= width);
    CHECK(box.content.find("\xE2\x80\xA6") == std::string::npos); // no ellipsis
  }
  for (const auto &[a, b] : overlapping_texts(boxes)) {
    INFO("'" << a << "' over '" << b << "'");
    CHECK(false);
  }
}

} // namespace

TEST_CASE("golden charts of the lecture's scenes, rendered, whole and without overlaps") {
  if (std::system("command -v rsvg-convert > /dev/null 2>&1") != 0)
    FAIL("rsvg-convert not found: install Debian's librsvg2-bin (scripts/setup does); this test "
         "renders the charts");
  const ScratchDir scratch;
  const char *keep = std::getenv("PROTOCHECK_CHART_DIR");
  const std::filesystem::path golden_dir =
      std::filesystem::path(PROTOCHECK_SOURCE_DIR) / "tests/cli/golden/charts";
  for (const Scene &scene : scenes) {
    for (const char *threads : {"1", "2"}) {
      INFO("protocheck " << scene.arguments << " --threads " << threads);
      const std::filesystem::path svg_path = scratch / (std::string(scene.name) + ".svg");
      const RunResult svg_run =
          run_protocheck(std::string(scene.arguments) + " --format svg --trace '" +
                         svg_path.string() + "' --threads " + threads);
      INFO(svg_run.err);
      CHECK(svg_run.exit_code == scene.exit_code);
      const std::string svg = read_file(svg_path);
      REQUIRE(svg.starts_with("<?xml"));
      compare_or_update_golden(golden_dir / (std::string(scene.name) + ".svg"), svg);

      const RunResult msc_run =
          run_protocheck(std::string(scene.arguments) + " --format msc --threads " + threads);
      CHECK(msc_run.exit_code == scene.exit_code);
      const auto chart = msc_run.out.find("\n  step ");
      REQUIRE(chart != std::string::npos);
      compare_or_update_golden(golden_dir / (std::string(scene.name) + "_msc.txt"),
                               msc_run.out.substr(chart + 1));

      check_whole_and_apart(svg);
      const int width = std::stoi(svg_attribute(svg.substr(svg.find("<svg ")), "width"));
      const int height = std::stoi(svg_attribute(svg.substr(svg.find("<svg ")), "height"));

      // A real renderer draws it at its declared size.
      const std::filesystem::path png_path =
          keep ? std::filesystem::path(keep) / (std::string(scene.name) + ".png")
               : scratch / (std::string(scene.name) + ".png");
      const std::string command =
          "rsvg-convert -o '" + png_path.string() + "' '" + svg_path.string() + "'";
      INFO(command);
      REQUIRE(std::system(command.c_str()) == 0);
      const auto [png_width, png_height] = png_size(read_file(png_path));
      CHECK(png_width == static_cast<std::uint32_t>(width));
      CHECK(png_height == static_cast<std::uint32_t>(height));
    }
  }
}

// Every check entry of the scenario catalogue names its chart (scenarios --verify draws each):
// each is whole and without overlaps too.
TEST_CASE("every chart of the scenario catalogue is whole and without overlaps") {
  const nlohmann::json catalogue = nlohmann::json::parse(
      read_file(std::filesystem::path(PROTOCHECK_SOURCE_DIR) / "scenarios/catalogue.json"));
  const ScratchDir scratch;
  const std::filesystem::path svg_path = scratch / "chart.svg";
  std::size_t drawn = 0;
  for (const nlohmann::json &entry : catalogue.at("scenarios")) {
    const std::string command = entry.value("command", "");
    if (!command.starts_with("check ") || !entry.contains("chart"))
      continue;
    // The catalogue's words are arguments as they are (`--sets 2,3;1,3;1,2`): quoted for sh.
    std::string quoted;
    std::istringstream words(command.substr(6));
    for (std::string word; words >> word;)
      quoted += "'" + word + "' ";
    const std::string arguments = quoted + "--property " + entry.at("chart").get<std::string>() +
                                  " --format svg --trace '" + svg_path.string() + "' --threads 1";
    INFO(entry.value("id", "") << ": protocheck check " << arguments);
    std::filesystem::remove(svg_path);
    const RunResult run = run_protocheck("check " + arguments);
    INFO(run.err);
    CHECK(run.exit_code == entry.at("expect").at("exit").get<int>());
    const std::string svg = read_file(svg_path);
    REQUIRE(svg.starts_with("<?xml"));
    check_whole_and_apart(svg);
    ++drawn;
  }
  CHECK(drawn >= 60);
}
