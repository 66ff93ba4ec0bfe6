#include "messagebox.h"

namespace stackdeck::ui {

namespace {

QMessageBox::StandardButton run(QWidget* parent, QMessageBox::Icon icon, const QString& title, const QString& text,
    QMessageBox::StandardButtons buttons, QMessageBox::StandardButton defaultButton)
{
    QMessageBox box(icon, title, text, buttons, parent);
    box.setTextFormat(Qt::PlainText);
    if (defaultButton != QMessageBox::NoButton)
        box.setDefaultButton(defaultButton);
    const int result = box.exec();
    return box.clickedButton() ? box.standardButton(box.clickedButton())
                               : static_cast<QMessageBox::StandardButton>(result);
}

} // namespace

QMessageBox::StandardButton askPlain(QWidget* parent, const QString& title, const QString& text,
    QMessageBox::StandardButtons buttons, QMessageBox::StandardButton defaultButton)
{
    return run(parent, QMessageBox::Question, title, text, buttons, defaultButton);
}

void informPlain(QWidget* parent, const QString& title, const QString& text)
{
    run(parent, QMessageBox::Information, title, text, QMessageBox::Ok, QMessageBox::Ok);
}

} // namespace stackdeck::ui
