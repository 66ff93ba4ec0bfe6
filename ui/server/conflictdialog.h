#pragma once

#include "store/outbox.h"

#include <QDialog>

class QPushButton;

namespace stackdeck::ui {

// A change the server's current value contradicts (someone changed the field
// since the user decided): what the user saw, what the user wants, what the
// server holds now. "Keep mine" pushes the change again over the server's
// value; "Take server's" gives the local issue the server's value.
class ConflictDialog : public QDialog {
    Q_OBJECT
public:
    explicit ConflictDialog(const store::OutboxEntry& entry, QWidget* parent = nullptr);
    store::ConflictChoice choice() const { return m_choice; }
    QPushButton* keepMineButton() const { return m_keep; }
    QPushButton* takeServerButton() const { return m_take; }
    std::int64_t entryId() const { return m_id; }

private:
    QPushButton* m_keep;
    QPushButton* m_take;
    store::ConflictChoice m_choice = store::ConflictChoice::KeepMine;
    std::int64_t m_id;
};

} // namespace stackdeck::ui
