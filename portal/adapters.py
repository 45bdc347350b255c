from allauth.account.adapter import DefaultAccountAdapter

from portal.tasks import send_rendered_email


class InvitationOnlyAccountAdapter(DefaultAccountAdapter):
    """Accounts are created by invitation only: nobody can sign up on their own.

    E-mails (confirmations, password resets) are rendered here, in the request's language,
    and handed to Celery once the transaction commits, so a slow mail server never holds up
    a volunteer on a weak connection and no mail leaves for a change that rolled back.
    """

    def is_open_for_signup(self, request):
        return False

    def send_mail(self, template_prefix, email, context):
        message = self.render_mail(template_prefix, email, context)
        send_rendered_email.delay_on_commit(
            subject=message.subject,
            body=message.body,
            html_body=next(
                (content for content, mime in message.alternatives if mime == "text/html"),
                None,
            ),
            to=list(message.to),
            from_email=message.from_email,
        )
