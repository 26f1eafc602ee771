from django.urls import path

from coverage import views

urlpatterns = [
    path("", views.home, name="home"),
    path("stories/<slug:slug>/", views.article_detail, name="article-detail"),
    path("transcripts/<slug:slug>/", views.transcript_detail, name="transcript-detail"),
]
