from __future__ import annotations

from huanjie.projects.models import Notification, Project, ProjectPhoto
from huanjie.projects.services import complete_project, link_demand, start_project
from tests.conftest import client_for
from tests.projects.conftest import png


def test_the_form_refuses_a_maintenance_fund_project_without_a_motion(alice, wuyuehua):
    page = client_for(alice).post(f"/c/{wuyuehua.slug}/projects/", {
        "title": "外立面修缮", "scope": "外墙", "budget": "1000.00", "funding": "maintenance_fund",
        "contractor": ""}).content.decode()
    assert "使用专项维修资金须经业主大会表决通过" in page
    assert not Project.objects.exists()


def test_the_form_offers_the_passed_motion_and_creates_the_project(alice, wuyuehua, passed_motion):
    client = client_for(alice)
    assert "使用专项维修资金修缮外立面" in client.get(f"/c/{wuyuehua.slug}/projects/").content.decode()
    client.post(f"/c/{wuyuehua.slug}/projects/", {"title": "外立面修缮", "scope": "外墙", "budget": "1000.00",
                                                  "funding": "maintenance_fund", "motion": passed_motion.pk})
    assert Project.objects.get().motion == passed_motion


def test_a_text_file_posted_as_a_photo_is_refused_with_its_name(alice, wuyuehua, facade):
    from django.core.files.uploadedfile import SimpleUploadedFile

    fake = SimpleUploadedFile("before.jpg", b"hello", content_type="image/jpeg")
    page = client_for(alice).post(f"/c/{wuyuehua.slug}/projects/{facade.pk}/photo/",
                                  {"phase": "before", "caption": "南立面", "photo": fake}, follow=True).content.decode()
    assert "照片“before.jpg”未能上传：只接受 JPEG、PNG、WebP 文件（按文件内容判断，与文件名无关）。" in page
    assert not ProjectPhoto.objects.exists()


def test_the_project_page_shows_before_and_after_side_by_side(alice, wuyuehua, with_photos):
    page = client_for(alice).get(f"/c/{wuyuehua.slug}/projects/{with_photos.pk}/").content.decode()
    assert page.count('data-testid="photo-pair"') == 1 and page.count("<img") == 2


def test_olivia_sees_the_completed_project_and_her_notification(alice, olivia, wuyuehua, with_photos, make_demand,
                                                                today):
    start_project(project=with_photos, started_on=today, actor=alice, today=today)
    link_demand(project=with_photos, demand=make_demand(), actor=alice)
    complete_project(project=with_photos, completed_on=today, actor=alice, today=today)
    client = client_for(olivia)
    page = client.get(f"/c/{wuyuehua.slug}/projects/mine/").content.decode()
    assert "1号楼外立面修缮" in page and "已办结" in page and 'data-testid="owner-notifications"' in page
    photo = with_photos.photos.first()
    response = client.get(f"/c/{wuyuehua.slug}/projects/photos/{photo.pk}/")
    assert response.status_code == 200 and b"".join(response.streaming_content) == photo.image.open("rb").read()
    assert Notification.objects.count() == 1


def test_owners_do_not_see_photos_of_a_planned_project_nor_the_staff_pages(olivia, charlie, wuyuehua, with_photos):
    photo = with_photos.photos.first()
    assert client_for(olivia).get(f"/c/{wuyuehua.slug}/projects/photos/{photo.pk}/").status_code == 404
    assert client_for(olivia).get(f"/c/{wuyuehua.slug}/projects/").status_code == 404
    assert client_for(charlie).get(f"/c/{wuyuehua.slug}/projects/{with_photos.pk}/").status_code == 404
    assert png()  # the helper stays in use for the view tests that upload
