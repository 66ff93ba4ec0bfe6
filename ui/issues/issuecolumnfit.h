#pragma once

#include <array>
#include <bitset>

namespace stackdeck::ui {

// How the issue table shares its width: the title keeps at least
// `titleMinimum` pixels (about 30 characters), and the fixed columns give way
// first: they narrow from their natural to their compact width, then hide in
// `hideOrder` (the sparkline first). Columns the user hid stay hidden; columns
// hidden here come back when the room does. A plain function of widths so the
// arithmetic is tested apart from the widget.
struct IssueColumnFit {
    static constexpr int kColumns = 9; // IssueListModel::NUM_COLUMNS
    std::array<int, kColumns> widths {}; // for the columns shown (the title's is what is left)
    std::bitset<kColumns> autoHidden; // hidden for want of room
};

struct IssueColumnSpec {
    std::array<int, IssueColumnFit::kColumns> natural {};
    std::array<int, IssueColumnFit::kColumns> compact {};
    std::array<int, IssueColumnFit::kColumns> hideOrder {}; // column indices; -1 ends the list
    int titleColumn = 1;
};

IssueColumnFit fitIssueColumns(
    const IssueColumnSpec& spec, std::bitset<IssueColumnFit::kColumns> userHidden, int available, int titleMinimum);

} // namespace stackdeck::ui
